package dev.mlos.core.view;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Whether this JVM's sqlite-jdbc still has the internals {@link ViewQuery}'s native path calls
 * ({@code CoreStatement.pointer}, {@code DB.execute}, {@code step}, {@code column_*}, {@code
 * throwex}): they are not API and changed shape before (xerial/sqlite-jdbc#685). A driver without
 * them throws a {@link LinkageError} (NoSuchFieldError, NoSuchMethodError,
 * IncompatibleClassChangeError, BootstrapMethodError) at the first call that needs one, which would
 * otherwise end a compile as if the view were broken. So the first query of a JVM probes once: it
 * runs every call {@link ViewQuery} makes into those internals on an in-memory database, natively
 * and through JDBC, and keeps the native path only when both give the same rows and the same error.
 * Otherwise every query reads through plain JDBC (slower, same values), and one debug note says
 * why.
 */
final class NativeRows {
  private static final System.Logger LOG = System.getLogger(ViewQuery.class.getName());

  /**
   * Every storage class, a bound parameter, and an error from the second step (which calls
   * throwex).
   */
  private static final String PROBE =
      "SELECT :p AS p, NULL AS n, 7 AS i, 1.5 AS f, 'tëxt' AS t, x'00ff' AS b"
          + " UNION ALL SELECT 'q', NULL, -1, -0.5, '', x''";

  private static final String PROBE_ERROR =
      "SELECT 1 AS a UNION ALL SELECT abs(-9223372036854775807 - 1)";

  private static Boolean usable; // guarded by NativeRows.class

  private NativeRows() {}

  /** The answer of the probe, run on the first call of this JVM (or after {@link #set}). */
  static synchronized boolean usable() {
    if (usable == null) {
      usable = probe(NativeRows::sameAsJdbc);
    }
    return usable;
  }

  /** Sets the answer, or with null lets the next {@link #usable()} probe again (for tests). */
  static synchronized void set(Boolean value) {
    usable = value;
  }

  /**
   * Runs {@code check}; false when it says so or fails in any way, with a debug note. A
   * LinkageError is caught here on purpose: it says only that the driver's internals are not the
   * ones this class was written against, which the JDBC path does not need.
   */
  static boolean probe(Callable<Boolean> check) {
    try {
      if (Boolean.TRUE.equals(check.call())) {
        return true;
      }
      LOG.log(
          System.Logger.Level.DEBUG,
          "sqlite-jdbc's native rows differ from its JDBC rows; view queries read"
              + " through JDBC");
    } catch (LinkageError | Exception e) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "sqlite-jdbc's internals are not the ones mlos reads rows with ("
              + e
              + "); view queries read through JDBC");
    }
    return false;
  }

  /** True when the native path gives what JDBC gives, rows and error, on every kind of value. */
  private static boolean sameAsJdbc() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
      List<List<Map<String, Object>>> rows = new ArrayList<>();
      List<String> errors = new ArrayList<>();
      for (boolean nativeRows : new boolean[] {true, false}) {
        try (ViewQuery q =
                new ViewQuery(c, "probe", "rows", PROBE, Map.of("p", "x"), false, nativeRows);
            ViewQuery e =
                new ViewQuery(c, "probe", "error", PROBE_ERROR, Map.of(), false, nativeRows)) {
          if (q.readsNatively() != nativeRows) {
            return false; // not sqlite-jdbc's statement
          }
          rows.add(q.list(Map.of("p", "x"), null));
          try {
            e.list(Map.of(), null);
            errors.add(null);
          } catch (QueryException failed) {
            errors.add(failed.getMessage());
          }
        }
      }
      return rows.get(0).equals(rows.get(1))
          && rows.get(0).size() == 2
          && errors.get(0) != null
          && errors.get(0).equals(errors.get(1));
    }
  }
}
