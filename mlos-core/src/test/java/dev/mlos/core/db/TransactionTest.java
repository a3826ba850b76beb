package dev.mlos.core.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionTest {
  @TempDir Path dir;

  private Connection open() throws SQLException {
    Connection c = Database.at(dir.resolve("t.db")).open(true);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)");
    }
    return c;
  }

  private static long count(Connection c) throws SQLException {
    try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void workThatReturnsIsCommittedAndAutoCommitIsBack() throws SQLException {
    try (Connection c = open()) {
      int result =
          Transaction.run(
              c, () -> c.createStatement().executeUpdate("INSERT INTO t VALUES (1), (2)"));
      assertEquals(2, result);
      assertTrue(c.getAutoCommit());
    }
    try (Connection c = open()) {
      assertEquals(2, count(c));
    }
  }

  @Test
  void workThatThrowsLeavesNothingAndTheFailureIsThrownAsItWas() throws SQLException {
    try (Connection c = open()) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  Transaction.run(
                      c,
                      () -> {
                        c.createStatement().executeUpdate("INSERT INTO t VALUES (1)");
                        throw new IllegalStateException("stop");
                      }));
      assertEquals("stop", e.getMessage());
      assertEquals(0, count(c));
      assertThrows(
          SQLException.class,
          () ->
              Transaction.run(
                  c,
                  () -> {
                    c.createStatement().executeUpdate("INSERT INTO t VALUES (1)");
                    c.createStatement().executeUpdate("INSERT INTO nosuch VALUES (1)");
                  }));
      assertEquals(0, count(c));
      assertTrue(c.getAutoCommit());
    }
  }

  @Test
  void anImmediateTransactionHoldsTheWriteLockFromItsStartAndRollsBackOnFailure()
      throws SQLException {
    try (Connection c = open();
        Connection other = open()) {
      int rows =
          Transaction.immediate(
              c,
              () -> {
                // Before this work writes anything, another writer is already kept out.
                try (Statement s = other.createStatement()) {
                  s.execute("PRAGMA busy_timeout = 0");
                  SQLException locked =
                      assertThrows(SQLException.class, () -> s.execute("BEGIN IMMEDIATE"));
                  assertTrue(locked.getMessage().contains("locked"), locked.getMessage());
                }
                return c.createStatement().executeUpdate("INSERT INTO t VALUES (1)");
              });
      assertEquals(1, rows);
      assertEquals(1, count(other));
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  Transaction.immediate(
                      c,
                      () -> {
                        c.createStatement().executeUpdate("INSERT INTO t VALUES (2)");
                        throw new IllegalStateException("stop");
                      }));
      assertEquals("stop", e.getMessage());
      assertEquals(1, count(other));
      assertTrue(c.getAutoCommit());
    }
  }

  @Test
  void insideAnOpenTransactionItJoinsIt() throws SQLException {
    try (Connection c = open()) {
      assertThrows(
          IllegalStateException.class,
          () ->
              Transaction.run(
                  c,
                  () -> {
                    Transaction.run(
                        c,
                        () -> {
                          c.createStatement().executeUpdate("INSERT INTO t VALUES (1)");
                        });
                    throw new IllegalStateException(
                        "the outer work fails after the inner one returned");
                  }));
      assertEquals(0, count(c), "the inner work did not commit on its own");
    }
  }
}
