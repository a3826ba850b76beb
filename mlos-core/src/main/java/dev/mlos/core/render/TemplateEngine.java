package dev.mlos.core.render;

import dev.mlos.core.config.TemplateNames;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.path.UnnameablePathException;
import dev.mlos.core.view.OutputPattern;
import freemarker.core.Environment;
import freemarker.core.ParseException;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.SimpleObjectWrapper;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateHashModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateModelIterator;
import freemarker.template.TemplateNotFoundException;
import freemarker.template.TemplateScalarModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;

/**
 * FreeMarker set up for reproducible, sandboxed markdown: root locale, UTC, plain number format, no
 * localized lookup, no {@code ?new}, no {@code ?api}, and an object wrapper that exposes no Java
 * object (only maps, lists, strings, numbers, booleans and mlos's own functions).
 *
 * <p>A template may assign a hash to {@code meta}; its entries become the front matter fields.
 */
public final class TemplateEngine {
  static final String OUTPUT_PATH_ATTRIBUTE = "mlos.outputPath";

  private final Configuration configuration;
  private final MlosFunctions functions;
  private final MlosTemplateLoader loader;
  private final long maxPageBytes;
  private final long maxSteps;

  /** A checked template counts tokens ({@code mlos.tokens}, {@code mlos.budget}). */
  /** The templates checked so far that count tokens. */
  private final Set<String> countingTokens = ConcurrentHashMap.newKeySet();

  /**
   * @param classLoader where the built-in packs are
   * @param workspaceRoot the workspace (templates, files read by {@code mlos.read})
   * @param outputDirectory where outputs go (links are relative inside it)
   * @param perRowViews output patterns of per-row views, for {@code mlos.pathOf}
   */
  public TemplateEngine(
      ClassLoader classLoader,
      Path workspaceRoot,
      Path outputDirectory,
      Map<String, OutputPattern> perRowViews) {
    this(
        classLoader,
        workspaceRoot,
        outputDirectory,
        perRowViews,
        WorkspaceConfig.DEFAULT_MAX_PAGE_BYTES);
  }

  /**
   * @param maxPageBytes the most UTF-8 bytes a template may write for one page; rendering stops at
   *     the write that would pass it
   */
  public TemplateEngine(
      ClassLoader classLoader,
      Path workspaceRoot,
      Path outputDirectory,
      Map<String, OutputPattern> perRowViews,
      long maxPageBytes) {
    this(
        classLoader,
        workspaceRoot,
        outputDirectory,
        perRowViews,
        maxPageBytes,
        TemplateSteps.MAX_STEPS);
  }

  /**
   * @param maxSteps the most template steps for one page: {@link TemplateSteps#MAX_STEPS}, less
   *     only for mlos's own tests, which reach it sooner (never a setting)
   */
  TemplateEngine(
      ClassLoader classLoader,
      Path workspaceRoot,
      Path outputDirectory,
      Map<String, OutputPattern> perRowViews,
      long maxPageBytes,
      long maxSteps) {
    this.maxPageBytes = maxPageBytes;
    this.maxSteps = maxSteps;
    Configuration c = new ClockFreeConfiguration();
    this.loader = new MlosTemplateLoader(classLoader, workspaceRoot);
    c.setTemplateLoader(loader);
    c.setLocalizedLookup(false);
    c.setLocale(Locale.ROOT);
    c.setTimeZone(TimeZone.getTimeZone("UTC"));
    c.setSQLDateAndTimeTimeZone(TimeZone.getTimeZone("UTC"));
    c.setDefaultEncoding("UTF-8");
    c.setOutputEncoding("UTF-8");
    // Not "computer": it wrote a REAL's 1e-6 as 0.0000010 and 1e20 as 1E20.
    c.setCustomNumberFormats(Map.of(PlainNumberFormat.NAME, PlainNumberFormat.FACTORY));
    c.setNumberFormat("@" + PlainNumberFormat.NAME);
    c.setBooleanFormat("c");
    c.setDateTimeFormat("iso");
    c.setDateFormat("iso");
    c.setTimeFormat("iso");
    c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    c.setLogTemplateExceptions(false);
    c.setWrapUncheckedExceptions(true);
    c.setFallbackOnNullLoopVariable(false);
    c.setAPIBuiltinEnabled(false);
    c.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    c.setArithmeticEngine(BoundedArithmetic.INSTANCE);
    c.setObjectWrapper(new SimpleObjectWrapper(Configuration.VERSION_2_3_34));
    c.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE);
    this.configuration = c;
    this.functions = new MlosFunctions(workspaceRoot, outputDirectory, perRowViews, maxPageBytes);
  }

  /**
   * Templates looked up so far, by name, with the SHA-256 of their text ("missing" when absent).
   */
  public Map<String, String> templatesRead() {
    return loader.seen();
  }

  /**
   * Workspace files templates read so far (relative path to SHA-256, or a word such as "missing").
   */
  public Map<String, String> filesRead() {
    return functions.filesRead();
  }

  /** The SHA-256 of template {@code name} as it is now, or "missing". */
  public static String templateFingerprint(ClassLoader classLoader, Path workspaceRoot, String name)
      throws IOException {
    return new MlosTemplateLoader(classLoader, workspaceRoot).fingerprint(name);
  }

  /** What {@code relative} (a file a template read) is now: its SHA-256, or a word. */
  public static String fileState(Path workspaceRoot, String relative) {
    return MlosFunctions.fileState(workspaceRoot.toAbsolutePath().normalize(), relative);
  }

  /**
   * Parses a template now, so a syntax error stops the compile before any file is written.
   *
   * @throws TemplateRenderException naming the template, line and view
   */
  public void check(String view, String templateName) {
    Template t = template(view, templateName, null);
    String source = t.toString();
    if (source.contains("mlos.budget") || source.contains("mlos.tokens")) {
      countingTokens.add(templateName);
    }
    checkIncluded(view, t, new java.util.HashSet<>(Set.of(templateName)));
  }

  /** An {@code #include} or {@code #import} of a literal name, as FreeMarker prints it back. */
  private static final java.util.regex.Pattern LITERAL_INCLUDE =
      java.util.regex.Pattern.compile("^<#(?:include|import) \"([^\"\\\\$]+)\"");

  /**
   * Parses the templates {@code t} includes or imports by a literal name, and theirs in turn, so a
   * syntax error or a missing file there stops the compile before anything is written, as one in a
   * view's own template does (FreeMarker reads them only when a page renders, after earlier views'
   * pages were written). A name computed when the page renders is left to the render.
   */
  @SuppressWarnings("deprecation") // the parsed tree is FreeMarker's only view of the includes
  private void checkIncluded(String view, Template t, Set<String> seen) {
    java.util.ArrayDeque<javax.swing.tree.TreeNode> todo = new java.util.ArrayDeque<>();
    todo.push(t.getRootTreeNode());
    while (!todo.isEmpty()) {
      javax.swing.tree.TreeNode node = todo.pop();
      for (int i = 0; i < node.getChildCount(); i++) {
        todo.push(node.getChildAt(i));
      }
      if (!(node instanceof freemarker.core.TemplateElement e)) {
        continue;
      }
      java.util.regex.Matcher m = LITERAL_INCLUDE.matcher(e.getCanonicalForm());
      if (!m.find()) {
        continue;
      }
      String name = resolve(t.getName(), m.group(1));
      if (!seen.add(name)) {
        continue;
      }
      Template included;
      try {
        included = configuration.getTemplate(name);
      } catch (TemplateNotFoundException missing) {
        throw new TemplateRenderException(
            view,
            display(t.getName(), t.getName()),
            e.getBeginLine(),
            e.getBeginColumn(),
            null,
            notFound(name),
            FIX_INCLUDE,
            missing);
      } catch (ParseException broken) {
        throw parseFailure(view, name, null, broken);
      } catch (IOException unreadable) {
        throw new TemplateRenderException(
            view, display(null, name), 0, 0, null, "cannot be read: " + unreadable, unreadable);
      }
      checkIncluded(view, included, seen);
    }
  }

  /** {@code target} as FreeMarker names it from a template named {@code base}. */
  private static String resolve(String base, String target) {
    String joined =
        target.startsWith("/")
            ? target.substring(1)
            : base.substring(0, base.lastIndexOf('/') + 1) + target;
    java.util.Deque<String> parts = new java.util.ArrayDeque<>();
    for (String part : joined.split("/", -1)) {
      if (part.equals("..")) {
        parts.pollLast();
      } else if (!part.equals(".") && !part.isEmpty()) {
        parts.addLast(part);
      }
    }
    return String.join("/", parts);
  }

  /**
   * Called before a page of {@code templateName} is rendered: when that template counts tokens,
   * starts loading the token table in the background (once per JVM). Not at {@link #check}, and not
   * for a page of another template: an incremental compile that renders PROBLEM.md but keeps every
   * context pack never needs the table (about a second of CPU).
   */
  public void warmUp(String templateName) {
    if (countingTokens.contains(templateName)) {
      MlosFunctions.warmTokenizer();
    }
  }

  /**
   * Renders {@code templateName} with {@code model} (plus the {@code mlos} functions) for the file
   * at {@code outputPath} (relative to the output directory).
   *
   * @param row a short description of the row for error messages, or null
   */
  public Rendered render(
      String view, String templateName, Map<String, Object> model, String outputPath, String row) {
    Template template = template(view, templateName, row);
    Map<String, Object> root = new LinkedHashMap<>(model);
    root.put("mlos", functions);
    // Past the limit (at most 1 GiB) the page is only counted, so the error can say its size.
    PageWriter out =
        new PageWriter(maxPageBytes, maxPageBytes * PageTooLargeException.COUNTED_UP_TO);
    TemplateSteps steps = new TemplateSteps(maxSteps);
    try {
      Environment env = template.createProcessingEnvironment(root, out);
      env.setCustomAttribute(OUTPUT_PATH_ATTRIBUTE, outputPath);
      env.setTemplateProcessingTracer(steps);
      env.process();
      steps.checkEnded();
      if (out.over()) {
        throw new PageTooLargeException(
            view, display(null, templateName), row, outputPath, out.bytes(), true, maxPageBytes);
      }
      TemplateModel meta = env.getMainNamespace().get("meta");
      return new Rendered(
          meta == null ? new LinkedHashMap<>() : metaOf(meta, view, templateName, row),
          out.toString());
    } catch (TemplateSteps.Exceeded over) {
      throw over.refusal(view, display(over.template(), templateName), row, outputPath);
    } catch (TemplateSteps.TooDeep deep) {
      throw deep.refusal(view, display(deep.template(), templateName), row, outputPath);
    } catch (StackOverflowError e) {
      // A macro or function that calls itself without end: the JVM's stack ends it, not our bound.
      throw steps.tooDeep(view, display(steps.template(), templateName), row, outputPath);
    } catch (PageWriter.LimitReached e) {
      throw new PageTooLargeException(
          view, display(null, templateName), row, outputPath, out.bytes(), false, maxPageBytes);
    } catch (OutOfMemoryError e) {
      // Too small a heap for this compile, or a template that builds text out of the page size
      // limit's sight (inside #attempt or a captured #assign): which one cannot be told here, so
      // the message names both, and the page. What it built is garbage now.
      throw new RenderOutOfMemoryException(
          view,
          display(null, templateName),
          templateName.startsWith(TemplateNames.PACK_PREFIX),
          row,
          outputPath,
          Runtime.getRuntime().maxMemory(),
          maxPageBytes,
          e);
    } catch (TemplateException e) {
      TemplateSteps.Exceeded over = steps.exceeded();
      if (over != null) { // what a sort's comparison threw past the bound, wrapped by FreeMarker
        throw over.refusal(view, display(over.template(), templateName), row, outputPath);
      }
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        if (c instanceof UnnameablePathException lost) {
          throw lost; // the locale's fix, not the template's: any page with that value fails alike
        }
      }
      String failedIn =
          e.getTemplateSourceName() != null ? e.getTemplateSourceName() : templateName;
      String notFound = includedNotFound(e);
      if (notFound != null) {
        throw new TemplateRenderException(
            view,
            display(e.getTemplateSourceName(), templateName),
            nz(e.getLineNumber()),
            nz(e.getColumnNumber()),
            row,
            notFound,
            FIX_INCLUDE,
            e);
      }
      // A built-in pack must render every row the schema can hold: when it does not, the fault is
      // mlos's, and telling the user to "fix the template" would send them into our jar.
      String fix =
          failedIn.startsWith(TemplateNames.PACK_PREFIX)
              ? "if mlos.yaml replaces this view's queries, return the columns the pack's own queries return; otherwise"
                  + " this is a bug in mlos's built-in pack, not in your data: please report it with this message, and until"
                  + " it is fixed switch the view off in mlos.yaml (views: "
                  + view
                  + ": enabled: false)"
              : TemplateRenderException.FIX_TEMPLATE;
      throw new TemplateRenderException(
          view,
          display(e.getTemplateSourceName(), templateName),
          nz(e.getLineNumber()),
          nz(e.getColumnNumber()),
          row,
          readable(e.getMessageWithoutStackTop()),
          fix,
          e);
    } catch (IOException e) {
      throw new TemplateRenderException(
          view, display(null, templateName), 0, 0, row, e.getMessage(), e);
    }
  }

  /**
   * What an {@code #include} or {@code #import} that found no template names, in file names, or
   * null when {@code e} is not that: FreeMarker's own words name its loader object
   * ("MlosTemplateLoader@71750a10"), which changes from run to run and helps no one.
   */
  private String includedNotFound(TemplateException e) {
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof TemplateNotFoundException nf && nf.getTemplateName() != null) {
        return notFound(nf.getTemplateName());
      }
    }
    return null;
  }

  /** The fix of an include or import that found no template. */
  private static final String FIX_INCLUDE =
      "create that template, or correct the name at that line: a name is relative to the"
          + " folder of the template that includes or imports it";

  /** Why template {@code name}, included or imported, was not found, in file names. */
  private String notFound(String name) {
    String refusal = loader.refusedWords(name);
    if (refusal != null) {
      return refusal;
    }
    if (name.startsWith(TemplateNames.WORKSPACE_PREFIX)) {
      String hint = loader.packNameHint(name);
      return "template not found: the workspace has no file "
          + display(null, name)
          + (hint == null ? "" : hint);
    }
    if (name.startsWith(TemplateNames.PACK_PREFIX)) {
      return "template not found: the built-in pack has no template " + display(null, name);
    }
    return "template not found: '"
        + name
        + "' is not a template mlos can read: only the pack's and the workspace's are (name"
        + " them relative to the including template)";
  }

  /** A template (or one it includes) that does not parse, at its line and column. */
  private TemplateRenderException parseFailure(
      String view, String name, String row, ParseException e) {
    return new TemplateRenderException(
        view,
        display(e.getTemplateName(), name),
        e.getLineNumber(),
        e.getColumnNumber(),
        row,
        readable(e.getEditorMessage()),
        e);
  }

  private Template template(String view, String name, String row) {
    try {
      return configuration.getTemplate(name);
    } catch (ParseException e) {
      throw parseFailure(view, name, row, e);
    } catch (TemplateNotFoundException e) {
      String refusal = loader.refusedWords(name);
      if (refusal != null) {
        throw new TemplateRenderException(
            view,
            display(null, name),
            0,
            0,
            row,
            refusal,
            loader.refusedFix(name) + ", or fix 'template:' of view '" + view + "' in mlos.yaml",
            e);
      }
      String where =
          name.startsWith(TemplateNames.WORKSPACE_PREFIX)
              ? "the workspace has no file " + display(null, name)
              : "the built-in pack has no template " + display(null, name);
      throw new TemplateRenderException(
          view,
          display(null, name),
          0,
          0,
          row,
          "template not found: " + where,
          "create the file, or fix 'template:' of view '"
              + view
              + "' in mlos.yaml (paths are relative to the workspace)",
          e);
    } catch (IOException e) {
      throw new TemplateRenderException(
          view, display(null, name), 0, 0, row, "cannot be read: " + e.getMessage(), e);
    }
  }

  private static String display(String source, String fallback) {
    String n = source != null ? source : fallback;
    if (n.startsWith(TemplateNames.WORKSPACE_PREFIX)) {
      return n.substring(TemplateNames.WORKSPACE_PREFIX.length());
    }
    if (n.startsWith(TemplateNames.PACK_PREFIX)) {
      return "(built-in) templates/packs/" + n.substring(TemplateNames.PACK_PREFIX.length());
    }
    return n;
  }

  /**
   * FreeMarker's message, without its long list of expected tokens and with our internal template
   * names turned back into file names.
   */
  static String readable(String message) {
    if (message == null) {
      return "(no message)";
    }
    String m = message;
    int expecting = m.indexOf("Was expecting one of");
    if (expecting > 0) {
      m = m.substring(0, expecting);
    }
    m =
        m.replace("\"" + TemplateNames.WORKSPACE_PREFIX, "\"")
            .replace("\"" + TemplateNames.PACK_PREFIX, "\"(built-in) templates/packs/");
    return m.strip();
  }

  private static int nz(Integer i) {
    return i == null ? 0 : i;
  }

  private LinkedHashMap<String, Object> metaOf(
      TemplateModel meta, String view, String template, String row) throws TemplateModelException {
    if (!(meta instanceof TemplateHashModelEx hash)) {
      throw new TemplateRenderException(
          view,
          display(null, template),
          0,
          0,
          row,
          "'meta' must be a hash like {\"title\": ...}",
          null);
    }
    LinkedHashMap<String, Object> out = new LinkedHashMap<>();
    TemplateModelIterator keys = hash.keys().iterator();
    while (keys.hasNext()) {
      String key = ((TemplateScalarModel) keys.next()).getAsString();
      out.put(key, invisibleShown(TemplateValues.plain(hash.get(key))));
    }
    return out;
  }

  /**
   * A front matter value with its text through {@link MarkdownText#invisibleShown}: a row written
   * past the engine (which refuses bidirectional controls and U+FEFF in titles and scopes) shows
   * U+FFFD in the {@code title:} and {@code tags:} lines, as in the page's heading.
   */
  private static Object invisibleShown(Object value) {
    if (value instanceof String s) {
      return MarkdownText.invisibleShown(s);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(invisibleShown(item));
      }
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, invisibleShown(v)));
      return out;
    }
    return value;
  }

  /**
   * The configuration, whose templates (includes and imports too) are checked by {@link
   * ClockFreeTemplates} once each, when FreeMarker loads them.
   */
  private static final class ClockFreeConfiguration extends Configuration {
    private final java.util.Set<Template> checked =
        java.util.concurrent.ConcurrentHashMap.newKeySet();

    ClockFreeConfiguration() {
      super(Configuration.VERSION_2_3_34);
    }

    @Override
    public Template getTemplate(
        String name,
        Locale locale,
        Object customLookupCondition,
        String encoding,
        boolean parseAsFTL,
        boolean ignoreMissing)
        throws IOException {
      Template t =
          super.getTemplate(
              name, locale, customLookupCondition, encoding, parseAsFTL, ignoreMissing);
      if (t != null && parseAsFTL && !checked.contains(t)) {
        // Once per template, before any thread renders it: the loop steps change its tree.
        synchronized (t) {
          if (!checked.contains(t)) {
            ClockFreeTemplates.check(t);
            TemplateSteps.addLoopSteps(t);
            checked.add(t);
          }
        }
      }
      return t;
    }
  }
}
