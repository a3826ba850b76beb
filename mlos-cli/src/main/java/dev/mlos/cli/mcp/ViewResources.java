package dev.mlos.cli.mcp;

import dev.mlos.core.MlosException;
import dev.mlos.core.compile.TooManyPagesException;
import dev.mlos.core.config.ViewDefinition;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.frontmatter.CompiledFile;
import dev.mlos.core.view.OutputPattern;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The compiled views as MCP resources, rendered from the database when read (see {@link
 * CompiledViews}): every single-file view (PROBLEM.md, ARTIFACTS.md, GRAPH.md, ...) as {@code
 * mlos://workspace/<path>}, the calling agent's context pack as {@code mlos://context/<id>}, and
 * one template per per-row view, {@code mlos://<view>/{id}}, for pages such as a need's.
 */
final class ViewResources {
  static final String MIME = "text/markdown";

  /**
   * Most characters (code points) of a row id in a URI, once decoded; the runtime-memory schema's
   * page ids have the same bound.
   */
  private static final int MAX_ID = 500;

  /** A row key written as a JSON number. */
  private static final Pattern NUMBER = Pattern.compile("-?[0-9]{1,19}");

  private final WorkspaceConfig config;
  private final CompiledViews views;
  private final Long agentId;
  private final java.util.function.LongFunction<Optional<String>> noContextPack;

  /** URI of each fixed resource -> content hash last rendered, to notify only on change. */
  private final Map<String, String> lastHashes = new LinkedHashMap<>();

  /**
   * @param noContextPack why the workspace compiles no context pack for an agent id, in the words
   *     the context_pack tool refuses it with (a finished run, an agent that does not exist), or
   *     empty when it can say nothing more than "not found"
   */
  ViewResources(
      WorkspaceConfig config,
      CompiledViews views,
      Long agentId,
      java.util.function.LongFunction<Optional<String>> noContextPack) {
    this.config = config;
    this.views = views;
    this.agentId = agentId;
    this.noContextPack = noContextPack;
  }

  /**
   * The fixed resources: single-file views, and the agent's context pack.
   *
   * @param ownPack whether to list the server agent's context pack: not for a run finished when the
   *     server starts, for which the workspace compiles none (a read of it says why)
   */
  List<SyncResourceSpecification> fixed(boolean ownPack) {
    List<SyncResourceSpecification> specs = new ArrayList<>();
    for (ViewDefinition v : config.views()) {
      if (!v.perRow()) {
        String path = new OutputPattern(v.name(), v.output()).apply(Map.of()).value();
        String uri = "mlos://workspace/" + path;
        Resource r =
            Resource.builder(uri, path).description(v.description()).mimeType(MIME).build();
        specs.add(
            new SyncResourceSpecification(
                r,
                ToolFault.answered(
                    (exchange, req) ->
                        read(req.uri(), page(req.uri(), () -> views.render(path))))));
      }
    }
    if (ownPack && agentId != null && hasView(ContextPacks.VIEW)) {
      String uri = "mlos://context/" + agentId;
      Resource r =
          Resource.builder(uri, "context pack of agent " + agentId)
              .description("Your context pack")
              .mimeType(MIME)
              .build();
      specs.add(
          new SyncResourceSpecification(
              r,
              ToolFault.answered(
                  (exchange, req) ->
                      read(
                          req.uri(),
                          page(req.uri(), () -> byId(ContextPacks.VIEW, agentId.toString()))
                              .or(() -> noContextPackFor(req.uri(), agentId.toString()))))));
    }
    return specs;
  }

  /** Whether the workspace compiles context packs (a view {@code context}). */
  boolean hasContextPacks() {
    return hasView(ContextPacks.VIEW);
  }

  /** One template per per-row view: {@code mlos://needs/{id}} renders need {@code id}'s page. */
  List<SyncResourceTemplateSpecification> templates() {
    List<SyncResourceTemplateSpecification> specs = new ArrayList<>();
    for (ViewDefinition v : config.views()) {
      if (v.perRow()) {
        String prefix = "mlos://" + v.name() + "/";
        ResourceTemplate t =
            ResourceTemplate.builder(prefix + "{id}", v.name() + " page")
                .description(v.description())
                .mimeType(MIME)
                .build();
        specs.add(
            new SyncResourceTemplateSpecification(
                t,
                ToolFault.answered(
                    (exchange, req) -> {
                      String id = rowId(req.uri().substring(prefix.length()));
                      if (id == null) {
                        throw McpError.builder(-32602)
                            .message(
                                MlosException.quoted(req.uri().substring(prefix.length()))
                                    + " is not a row id in "
                                    + req.uri()
                                    + exampleOf(v.name(), prefix)
                                    + "; write the row's key percent-encoded as UTF-8 (RFC 3986, as"
                                    + " the template's {id} expands it)")
                            .build();
                      }
                      Optional<String> page = page(req.uri(), () -> byId(v.name(), id));
                      String canonical = page.isEmpty() ? canonicalNumber(id) : null;
                      if (canonical != null) {
                        throw McpError.builder(-32602)
                            .message(
                                MlosException.quoted(id)
                                    + " is not a row id in "
                                    + req.uri()
                                    + ": a number is written without leading zeros, as its key is: "
                                    + prefix
                                    + canonical)
                            .build();
                      }
                      String malformed = page.isEmpty() ? notAKeyOf(v.name(), prefix, id) : null;
                      if (malformed != null) {
                        throw McpError.builder(-32602).message(malformed).build();
                      }
                      return ContextPacks.VIEW.equals(v.name()) && page.isEmpty()
                          ? read(req.uri(), noContextPackFor(req.uri(), id))
                          : read(req.uri(), page);
                    })));
      }
    }
    return specs;
  }

  /**
   * What a valid URI of {@code view}'s pages looks like, for the message of an id no row key could
   * be ({@code mlos://needs/-1}): {@code ": a page of needs is mlos://needs/{id} with the key of a
   * row, e.g. mlos://needs/1"}, without the example when the view has no pages now.
   */
  private String exampleOf(String view, String prefix) {
    CompiledViews.Lookup pages = views.lookup(view, k -> false);
    java.util.regex.Matcher first =
        pages == null || pages.firstKey() == null
            ? null
            : Pattern.compile("\\{\"[A-Za-z0-9_]+\":\"?([^\"]*)\"?}").matcher(pages.firstKey());
    return ": a page of "
        + view
        + " is "
        + prefix
        + "{id} with the key of a row"
        + (first != null && first.matches()
            ? ", e.g. " + prefix + first.group(1)
            : " (" + view + " has no pages now)");
  }

  /**
   * {@code id} as the compile writes a number key ({@code 1} for {@code 01}, {@code -7} for {@code
   * -007}), or null when it is not a number written with leading zeros: {@code mlos://needs/01}
   * names no page, and the answer should name the one it most likely meant.
   */
  static String canonicalNumber(String id) {
    String digits = id.startsWith("-") ? id.substring(1) : id;
    if (digits.length() < 2
        || digits.charAt(0) != '0'
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    String canonical = new java.math.BigInteger(id).toString();
    return NUMBER.matcher(canonical).matches() ? canonical : null;
  }

  /**
   * Why {@code id} cannot be a row key of {@code view} when that view's pages are keyed by numbers
   * and {@code id} is not one ({@code mlos://needs/abc}), or null: the read is then answered -32602
   * (invalid params), as an id no row key could be is, and -32002 (not found) stays for a
   * well-formed id with no page. A view with no pages now cannot say which ids it takes: null.
   */
  private String notAKeyOf(String view, String prefix, String id) {
    if (id.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    CompiledViews.Lookup pages = views.lookup(view, k -> false);
    java.util.regex.Matcher number =
        pages == null || pages.firstKey() == null
            ? null
            : Pattern.compile("\\{\"[A-Za-z0-9_]+\":(\\d+)}").matcher(pages.firstKey());
    if (number == null || !number.matches()) {
      return null;
    }
    return MlosException.quoted(id)
        + " is not a row id in "
        + prefix
        + id
        + ": the pages of "
        + view
        + " are keyed by a number, e.g. "
        + prefix
        + number.group(1);
  }

  /**
   * Those of {@code uris} that are fixed resources and whose content changed since they were last
   * rendered (rendering them again). Content is what a compile compares too: the text without its
   * {@code compiled_at} line, so a page is not "updated" merely because a compile recorded it.
   */
  synchronized List<String> changed(Set<String> uris) {
    List<String> changed = new ArrayList<>();
    for (ViewDefinition v : config.views()) {
      if (!v.perRow()) {
        String path = new OutputPattern(v.name(), v.output()).apply(Map.of()).value();
        String uri = "mlos://workspace/" + path;
        if (uris.contains(uri)) {
          note(uri, () -> views.render(path), changed);
        }
      }
    }
    if (agentId != null
        && hasView(ContextPacks.VIEW)
        && uris.contains("mlos://context/" + agentId)) {
      note("mlos://context/" + agentId, () -> byId(ContextPacks.VIEW, agentId.toString()), changed);
    }
    // Pages of per-row views (a need's page), subscribed through their template's URI.
    for (String uri : new java.util.TreeSet<>(uris)) {
      if (changed.contains(uri)) {
        continue;
      }
      String[] page = perRowPage(uri);
      if (page != null && !(uri.equals("mlos://context/" + agentId))) {
        note(uri, () -> byId(page[0], page[1]), changed);
      }
    }
    return changed;
  }

  /** {@code {view, id}} when {@code uri} names a page of a per-row view; else null. */
  private String[] perRowPage(String uri) {
    for (ViewDefinition v : config.views()) {
      String prefix = "mlos://" + v.name() + "/";
      if (v.perRow() && uri.startsWith(prefix)) {
        String id = rowId(uri.substring(prefix.length()));
        return id != null ? new String[] {v.name(), id} : null;
      }
    }
    return null;
  }

  /**
   * Whether {@code uri} is a resource whose changes {@link #changed} reports: a fixed one, or a
   * page of a per-row view by its template's URI ({@code mlos://needs/3}).
   */
  boolean watched(String uri) {
    for (ViewDefinition v : config.views()) {
      if (!v.perRow()
          && uri.equals(
              "mlos://workspace/"
                  + new OutputPattern(v.name(), v.output()).apply(Map.of()).value())) {
        return true;
      }
    }
    return agentId != null && hasView(ContextPacks.VIEW) && uri.equals("mlos://context/" + agentId)
        || perRowPage(uri) != null;
  }

  /**
   * Why {@code uri} names no resource a client can subscribe to, or null when it names one: a fixed
   * resource, or a page of a per-row view that the workspace compiles now ({@code mlos://needs/3}).
   */
  String notAResource(String uri) {
    for (ViewDefinition v : config.views()) {
      String prefix = "mlos://" + v.name() + "/";
      if (!v.perRow() || !uri.startsWith(prefix)) {
        continue;
      }
      String id = rowId(uri.substring(prefix.length()));
      CompiledViews.Lookup found;
      try {
        found = views.lookup(v.name(), id != null ? key(id).asMatchPredicate() : k -> false);
      } catch (TooManyPagesException e) {
        return MlosException.quoted(uri) + " names no page now: " + pastPageCap(uri, e);
      }
      if (found != null && found.found()) {
        return null;
      }
      Optional<String> why = ContextPacks.VIEW.equals(v.name()) ? whyNoPack(id) : Optional.empty();
      if (why.isPresent()) {
        return MlosException.quoted(uri) + " names no page: " + why.get();
      }
      java.util.regex.Matcher first =
          found == null || found.firstKey() == null
              ? null
              : Pattern.compile("\\{\"[A-Za-z0-9_]+\":\"?([^\"]*)\"?}").matcher(found.firstKey());
      String canonical = id == null ? null : canonicalNumber(id);
      return MlosException.quoted(uri)
          + " names no page: a page of "
          + v.name()
          + " is "
          + prefix
          + "{id} with the key of a row the workspace compiles"
          + (canonical != null
              ? ", a number written without leading zeros: " + prefix + canonical
              : first != null && first.matches()
                  ? ", e.g. " + prefix + first.group(1)
                  : " (" + v.name() + " has no pages now)");
    }
    if (watched(uri)) {
      return null;
    }
    return MlosException.quoted(uri)
        + " names no resource of this server; subscribe to a resource of resources/list or a page"
        + " of a template of resources/templates/list: "
        + examples();
  }

  /**
   * Why a {@code resources/read} of {@code uri} finds nothing, when no resource or template could
   * answer it (the SDK's own answer is a bare "Resource not found", which leaves an agent that
   * guessed {@code mlos://workspace/needs/3-x.md} or {@code mlos://PROBLEM.md} guessing again);
   * null when a fixed resource or a per-row view's template answers it, with its own words.
   */
  String unknownToRead(String uri) {
    for (ViewDefinition v : config.views()) {
      String prefix = "mlos://" + v.name() + "/";
      if (v.perRow() && uri.startsWith(prefix)) {
        if (uri.length() > prefix.length() && uri.indexOf('/', prefix.length()) < 0) {
          return null;
        }
        // {id} is never empty and never spans a '/', so no template answers mlos://needs/ or
        // mlos://needs/1/../x: say what would.
        return MlosException.quoted(uri)
            + " names no page: a page of "
            + v.name()
            + " is "
            + prefix
            + "{id}, one row key, not empty and with no '/' in it (a '/' of a key is written %2F)";
      }
    }
    if (watched(uri)) {
      return null;
    }
    return MlosException.quoted(uri)
        + " names no resource of this server; read a resource of resources/list or a page of a"
        + " template of resources/templates/list: "
        + examples();
  }

  /**
   * The single-file views' URIs, then the per-row views' templates, each in URI order as
   * resources/list and resources/templates/list give them ({@link ListOrder}); they came in the
   * order of mlos.yaml's views, files and templates mixed.
   */
  private String examples() {
    List<String> files = new ArrayList<>();
    List<String> templates = new ArrayList<>();
    for (ViewDefinition v : config.views()) {
      if (v.perRow()) {
        templates.add("mlos://" + v.name() + "/{id}");
      } else {
        files.add(
            "mlos://workspace/" + new OutputPattern(v.name(), v.output()).apply(Map.of()).value());
      }
    }
    files.sort(null);
    templates.sort(null);
    files.addAll(templates);
    return String.join(", ", files);
  }

  private void note(
      String uri, java.util.function.Supplier<Optional<String>> page, List<String> changed) {
    String hash;
    try {
      hash = page.get().map(CompiledFile::contentHashOf).orElse("");
    } catch (dev.mlos.core.render.PageTooLargeException e) {
      // Past max_page_bytes (a row's huge text): changed once when it becomes so, and a read says
      // why; the pages after it are still looked at.
      hash = "too large";
    } catch (TooManyPagesException e) {
      // Its view past max_pages_per_view: likewise, a read says why.
      hash = "past the page cap";
    }
    String before = lastHashes.put(uri, hash);
    if (before != null && !before.equals(hash)) {
      changed.add(uri);
    }
  }

  /**
   * The page of {@code view} whose row key (its first column, e.g. {@code {"id":3}}) is {@code id}.
   */
  private Optional<String> byId(String view, String id) {
    Pattern key = key(id);
    return views.render((v, path, sourceKey) -> v.equals(view) && key.matcher(sourceKey).matches());
  }

  /** A row key whose value is {@code id} ({@code {"id":3}}, {@code {"id":"b-7"}}). */
  private static Pattern key(String id) {
    // The key is JSON as the compile writes it (Json.write): a number as it is, a text id quoted
    // and escaped.
    String text = Pattern.quote(dev.mlos.core.view.Json.write(id));
    return Pattern.compile(
        "\\{\"[A-Za-z0-9_]+\":("
            + (NUMBER.matcher(id).matches() ? Pattern.quote(id) + "|" : "")
            + text
            + ")}");
  }

  /**
   * The row key a URI's {@code {id}} names, percent-decoded as UTF-8 (RFC 3986: a URI template
   * expands an id with a space, {@code @}, {@code /} or an accent so), or null when no key can be
   * written so: empty, a malformed escape or UTF-8, a control character, whitespace at either end,
   * more than {@link #MAX_ID} characters (code points, as SQLite's {@code length} counts them). A
   * runtime-memory session's id is any text within that rule, which its schema (V2) enforces on
   * every write, so every id the database holds can be read; a graph node's may hold {@code @} and
   * {@code +}.
   */
  static String rowId(String raw) {
    String id = raw;
    if (raw.indexOf('%') >= 0) {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      for (int i = 0; i < raw.length(); ) {
        if (raw.charAt(i) == '%') {
          int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
          int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
          if (hi < 0 || lo < 0) {
            return null;
          }
          bytes.write(hi * 16 + lo);
          i += 3;
        } else {
          int cp = raw.codePointAt(i);
          bytes.writeBytes(
              new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
          i += Character.charCount(cp);
        }
      }
      try {
        id =
            java.nio.charset.StandardCharsets.UTF_8
                .newDecoder()
                .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()))
                .toString();
      } catch (java.nio.charset.CharacterCodingException e) {
        return null;
      }
    }
    if (id.isEmpty()
        || id.codePointCount(0, id.length()) > MAX_ID
        || !id.strip().equals(id)
        || id.codePoints().anyMatch(Character::isISOControl)) {
      return null;
    }
    return id;
  }

  private boolean hasView(String name) {
    return config.views().stream().anyMatch(v -> v.name().equals(name));
  }

  /**
   * The JSON-RPC error code of a read refused by a page limit: the page renders past {@code
   * max_page_bytes}, or its view returns more rows than {@code max_pages_per_view}: a limit the
   * user's rows or query go past, not a failure of mlos, so not -32603 (internal error). One of the
   * codes JSON-RPC leaves to servers (-32000 to -32099), and none this server or MCP gives another
   * meaning: -32000 is the server's own (not started, not initialized, not answered), -32002 a
   * resource not found, -32001 the TypeScript SDK's request timeout, -32042 MCP's elicitation.
   */
  static final int PAGE_TOO_LARGE = -32003;

  /**
   * {@code render}'s page of {@code uri}; one that renders past {@code max_page_bytes} (a row's
   * huge text) is answered {@link #PAGE_TOO_LARGE} as the compile refuses it ({@code
   * compile.page_size}): the page, its size, the limit and the fix, where the SDK answered -32603
   * with the exception's text and no fix, and put its stack trace on stderr.
   */
  static Optional<String> page(String uri, java.util.function.Supplier<Optional<String>> render) {
    try {
      return render.get();
    } catch (TooManyPagesException e) {
      throw McpError.builder(PAGE_TOO_LARGE).message(pastPageCap(uri, e)).build();
    } catch (dev.mlos.core.render.PageTooLargeException e) {
      throw McpError.builder(PAGE_TOO_LARGE)
          .message(
              "refused (compile.page_size): page "
                  + e.path()
                  + " ("
                  + uri
                  + ") is "
                  + dev.mlos.core.render.PageTooLargeException.size(e.bytes(), e.exact())
                  + ", over the page size limit of "
                  + dev.mlos.core.yaml.YamlLimits.describeBytes(e.limit())
                  + " (max_page_bytes), so it is not served, as mlos compile does not write it."
                  + " Fix: shorten the row's text that fills the page (a description or content"
                  + " written into the database: update_need's description, for a need), raise"
                  + " max_page_bytes in mlos.yaml if pages this large are meant (then restart this"
                  + " server, which reads mlos.yaml when it starts), or make the template write less"
                  + " for one page (a LIMIT in its query, a shorter list); then read it again")
          .build();
    }
  }

  /**
   * Why {@code uri}, a page of a view whose query returns more rows than max_pages_per_view, is not
   * served: the view, the query, the cap and its setting, and the fix. The SDK answered -32603 with
   * the exception's text and no fix (a stack trace on stderr), and a view's cap stopped the read of
   * every resource after it in mlos.yaml's order too.
   */
  static String pastPageCap(String uri, TooManyPagesException e) {
    return "error: "
        + e.getMessage()
        + "; so "
        + uri
        + " is not served, as mlos compile stops at that view. Fix: "
        + e.fix()
        + ", then restart this server (it reads mlos.yaml when it starts); then read it again";
  }

  /**
   * Answers the read of an agent's context pack that the workspace compiles no page for with why,
   * as the context_pack tool refuses it: the server's own run, finished while it served, stayed
   * listed by resources/list (the list is made at start) and its read said only "not found".
   *
   * @return empty, so that {@link #read} answers the plain "not found", when there is no more to
   *     say
   */
  private Optional<String> noContextPackFor(String uri, String id) {
    Optional<String> why = whyNoPack(id);
    if (why.isPresent()) {
      throw McpError.builder(-32002)
          .message("Resource not found: " + uri + ": " + why.get())
          .build();
    }
    return Optional.empty();
  }

  /** Why agent {@code id} has no context pack ({@link #noContextPack}), or empty. */
  private Optional<String> whyNoPack(String id) {
    try {
      return id == null ? Optional.empty() : noContextPack.apply(Long.parseLong(id));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private ReadResourceResult read(String uri, Optional<String> text) {
    String body =
        text.orElseThrow(
            () ->
                McpError.builder(-32002)
                    .message(
                        "Resource not found: "
                            + uri
                            + " (the workspace compiles no page there now)")
                    .build());
    synchronized (this) {
      lastHashes.put(uri, CompiledFile.contentHashOf(body));
    }
    return ReadResourceResult.builder(
            List.of(TextResourceContents.builder(uri, body).mimeType(MIME).build()))
        .build();
  }
}
