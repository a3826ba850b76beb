package dev.mlos.core.compile;

import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.DatabaseException;
import dev.mlos.core.render.TemplateEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a workspace's last compile read besides the database, as it recorded it in {@code
 * mlos_compile_reads} with its pages: every template it loaded and every workspace file a template
 * read, each with its SHA-256 (or a word such as "missing").
 *
 * <p>While all of them and mlos's own code are unchanged, a page whose inputs hash as its record's
 * {@code input_hash} (which covers its rows, the configuration and the view's template, see {@link
 * PageInputs}) renders exactly as recorded. The compile then keeps it without rendering, and the
 * guard knows it is not stale, on any machine: nothing here depends on a local file.
 *
 * @param templates template name to SHA-256
 * @param files workspace-relative path to SHA-256, or a word
 * @param code mlos's code as the compile fingerprinted it ({@link CompileState#codeFingerprint}),
 *     recorded with the view seeds; null when not recorded (a compile by an older mlos)
 */
public record CompileReads(Map<String, String> templates, Map<String, String> files, String code) {
  /** Where the view seeds ({@code mlos_compile_reads.view_seeds}) hold mlos's code. */
  static final String CODE_KEY = "#code";

  public CompileReads {
    templates = Map.copyOf(templates);
    files = Map.copyOf(files);
  }

  /**
   * True when mlos's code and every template and file are as the compile read them. A name that
   * cannot be checked here (a path recorded on another platform) counts as changed.
   */
  public boolean unchanged(WorkspaceConfig config, ClassLoader classLoader) {
    if (!CompileState.codeFingerprint().equals(code)) {
      return false;
    }
    try {
      for (Map.Entry<String, String> t : templates.entrySet()) {
        if (!t.getValue()
            .equals(TemplateEngine.templateFingerprint(classLoader, config.root(), t.getKey()))) {
          return false;
        }
      }
      // Context packs inline artifact files: a large workspace records thousands (1,746 at 100k
      // needs in bench/), each resolved and hashed; on every core at once (issue 20).
      Path root = config.root();
      return files.entrySet().parallelStream()
          .allMatch(f -> f.getValue().equals(TemplateEngine.fileState(root, f.getKey())));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The templates whose content is not what the compile read (a pack's templates change with mlos
   * itself), by name; a template that cannot be read counts as changed.
   */
  public java.util.List<String> changedTemplates(WorkspaceConfig config, ClassLoader classLoader) {
    java.util.List<String> changed = new java.util.ArrayList<>();
    for (Map.Entry<String, String> t : new TreeMap<>(templates).entrySet()) {
      String now;
      try {
        now = TemplateEngine.templateFingerprint(classLoader, config.root(), t.getKey());
      } catch (IOException | RuntimeException e) {
        now = null;
      }
      if (!t.getValue().equals(now)) {
        changed.add(t.getKey());
      }
    }
    return changed;
  }

  /**
   * The reads the workspace's last compile recorded, or null when there is no such record (a
   * database compiled by an older mlos, or by a compile that stopped half way), so that no recorded
   * input hash is trusted.
   */
  public static CompileReads read(Connection c, Path db, String workspace) {
    try {
      try (PreparedStatement table =
              c.prepareStatement(
                  "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'mlos_compile_reads'");
          ResultSet rs = table.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
      }
      try (PreparedStatement exists =
          c.prepareStatement("SELECT 1 FROM mlos_compile_reads WHERE workspace = ?")) {
        exists.setString(1, workspace);
        try (ResultSet rs = exists.executeQuery()) {
          if (!rs.next()) {
            return null;
          }
        }
      }
      String code;
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT json_extract(view_seeds, '$.\""
                  + CODE_KEY
                  + "\"') FROM mlos_compile_reads"
                  + " WHERE workspace = ? AND json_valid(view_seeds)")) {
        s.setString(1, workspace);
        try (ResultSet rs = s.executeQuery()) {
          code = rs.next() ? rs.getString(1) : null;
        }
      }
      return new CompileReads(
          column(c, "templates", workspace), column(c, "files", workspace), code);
    } catch (SQLException e) {
      throw new DatabaseException(
          db, "cannot read table mlos_compile_reads: " + e.getMessage(), null, e);
    }
  }

  /** One JSON object column, by name (SQLite's json_each reads it). */
  private static Map<String, String> column(Connection c, String column, String workspace)
      throws SQLException {
    Map<String, String> out = new TreeMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT j.key, j.value FROM mlos_compile_reads r, json_each(r."
                + column
                + ") j WHERE r.workspace = ?")) {
      s.setString(1, workspace);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return out;
  }
}
