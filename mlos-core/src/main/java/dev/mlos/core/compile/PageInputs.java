package dev.mlos.core.compile;

import dev.mlos.core.config.ViewDefinition;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.path.WorkspacePath;
import dev.mlos.core.view.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hash of what one page is rendered from, recorded as {@code mlos_outputs.input_hash}: the
 * view's {@link #seed} (the workspace's configuration and the view's template, with no absolute
 * path in it, so it is the same on every machine), the page's path, its row and the rows of each of
 * its queries, in order.
 *
 * <p>Pages render deterministically from these, from mlos's code, from the templates they include
 * and from the workspace files they read. The last three are not in the hash: an equal hash is only
 * trusted while mlos's code and every template and file the last compile read are as it recorded
 * them ({@link CompileReads}). So another version of mlos renders every page again, but a page it
 * renders as before keeps its record's line, and a team's text form of the database does not change
 * in every record line when mlos is upgraded.
 *
 * <p>Values are encoded with a type tag and a length before they are hashed, so no two different
 * models encode to the same bytes ({@code "1"} and {@code 1}, {@code ["a,b"]} and {@code
 * ["a","b"]}, a null and a missing column all differ).
 */
final class PageInputs {
  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<PageInputs> PER_THREAD =
      ThreadLocal.withInitial(PageInputs::new);

  private final MessageDigest digest;

  /** The page's encoding, hashed in one call: most pages encode to a few KB. */
  private byte[] buffer = new byte[8192];

  private int length;

  private PageInputs() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /**
   * The part of every page's hash that is the same for all pages of {@code view}: the workspace's
   * name, parameters and output directory (relative to its root), every view's definition (a page
   * links to other views' pages through their output patterns), which view this is, its template's
   * SHA-256, the page size limit ({@code max_page_bytes}) and the page cap of a view when it is not
   * the default. mlos's own code is recorded once per compile instead ({@link CompileReads#code}).
   *
   * @param template the SHA-256 of the view's template as it is now
   */
  static String seed(WorkspaceConfig config, ViewDefinition view, String template) {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("workspace", config.name());
    // In declaration order: templates can list params, and see them in that order.
    all.put("params", config.params());
    all.put(
        "output",
        WorkspacePath.relative(
            config.root().toAbsolutePath().normalize(),
            config.outputDirectory().toAbsolutePath().normalize()));
    all.put("views", viewDefinitions(config));
    all.put("view", view.name());
    all.put("template", template);
    // A lowered limit must reach the pages kept from before, which may now be too large.
    all.put("max_page_bytes", config.maxPageBytes());
    // Likewise a lowered page cap of a view must make the next compile and guard count its rows
    // again; only when set, so a workspace without it keeps the fingerprint it had.
    if (config.maxPagesPerView() != WorkspaceConfig.DEFAULT_MAX_PAGES_PER_VIEW) {
      all.put("max_pages_per_view", config.maxPagesPerView());
    }
    return Sha256.of(Json.write(all));
  }

  /** Every view's definition, as the fingerprints of the configuration take it. */
  static List<Object> viewDefinitions(WorkspaceConfig config) {
    List<Object> views = new ArrayList<>();
    for (ViewDefinition d : config.views()) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("name", d.name());
      v.put("description", d.description());
      v.put("template", d.template());
      v.put("output", d.output());
      v.put("each", d.each());
      v.put("queries", new LinkedHashMap<>(d.queries()));
      // Only when declared, so a view without one keeps the fingerprint it had: a corrected
      // changed_pages must make the next compile render the pages the old one may have missed.
      if (d.changedPages() != null) {
        v.put("changed_pages", d.changedPages());
      }
      views.add(v);
    }
    return views;
  }

  /**
   * The hash of one page.
   *
   * @param row the page's row ({@code null} for a single-page view)
   * @param queries the rows of each of its other queries, in the order the view declares them
   */
  static String of(
      String seed,
      String path,
      Map<String, Object> row,
      Map<String, List<Map<String, Object>>> queries) {
    PageInputs h = PER_THREAD.get();
    h.length = 0;
    h.string(seed);
    h.string(path);
    h.value(row);
    h.tag('Q', queries.size());
    for (Map.Entry<String, List<Map<String, Object>>> q : queries.entrySet()) {
      h.string(q.getKey());
      h.value(q.getValue());
    }
    h.digest.reset();
    h.digest.update(h.buffer, 0, h.length);
    if (h.buffer.length > 1 << 20) {
      h.buffer = new byte[8192]; // one huge page does not pin a megabyte per thread
    }
    return HEX.formatHex(h.digest.digest());
  }

  private void value(Object v) {
    if (v == null) {
      tag('N', 0);
    } else if (v instanceof String s) {
      string(s);
    } else if (v instanceof Long
        || v instanceof Integer
        || v instanceof Short
        || v instanceof Byte) {
      tag('L', ((Number) v).longValue());
    } else if (v instanceof Double || v instanceof Float) {
      tag('D', Double.doubleToLongBits(((Number) v).doubleValue()));
    } else if (v instanceof Boolean b) {
      tag('B', b ? 1 : 0);
    } else if (v instanceof Map<?, ?> m) {
      tag('M', m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        string(String.valueOf(e.getKey()));
        value(e.getValue());
      }
    } else if (v instanceof List<?> l) {
      tag('A', l.size());
      for (Object o : l) {
        value(o);
      }
    } else {
      // Anything else a row could hold is written as the template would see it in JSON.
      bytes('J', Json.write(v).getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * A string as its UTF-8 bytes (for ASCII, which most text is, the JDK copies them without
   * encoding).
   */
  private void string(String s) {
    bytes('S', s.getBytes(StandardCharsets.UTF_8));
  }

  private void bytes(char type, byte[] b) {
    tag(type, b.length);
    ensure(b.length);
    System.arraycopy(b, 0, buffer, length, b.length);
    length += b.length;
  }

  /** A type tag and a 64-bit number (a length, or the value itself). */
  private void tag(char type, long n) {
    ensure(9);
    buffer[length] = (byte) type;
    for (int i = 0; i < 8; i++) {
      buffer[length + 1 + i] = (byte) (n >>> (56 - 8 * i));
    }
    length += 9;
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }
}
