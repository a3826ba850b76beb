package dev.mlos.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.db.Database;
import dev.mlos.core.schema.Migrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every message a trigger of a shipped schema raises is sorted on purpose: it names its rule and
 * fix, or a row of {@link TriggerMessages#TABLE} says it is mlos's own bookkeeping, a table mlos
 * never writes, or a rule of the user's that the engine checks first (under a rule id {@link
 * TriggerRulesThroughTheEngineTest} shows the engine refusing with its own fix). Before, a
 * hand-kept list of words decided, and a new trigger whose words were not in it read as the user's
 * rule with the generic fix, with no test to say so.
 */
class TriggerMessagesTest {
  @TempDir Path dir;

  /** Where a message was found: schema set, table and trigger. */
  private record Found(String message, String where) {}

  /** Every shipped schema set: each folder of the schema resources (a new set is read too). */
  private static List<String> schemaSets() throws Exception {
    Path root = Path.of("src/main/resources/dev/mlos/core/schema");
    try (Stream<Path> sets = Files.list(root)) {
      List<String> names =
          sets.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
      assertTrue(names.containsAll(List.of("mlos", "agentos-graph", "runtime-memory")), "" + names);
      return names;
    }
  }

  /** Every RAISE message of every trigger of fresh databases of every shipped schema set. */
  private List<Found> everyMessage() throws Exception {
    List<Found> found = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String set : schemaSets()) {
      Path db = dir.resolve(set + ".db");
      try (Connection c = Database.at(db).open(true);
          Statement s = c.createStatement()) {
        Migrator.forSet(set).migrate(c);
        try (ResultSet r =
            s.executeQuery(
                "SELECT tbl_name, name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name")) {
          while (r.next()) {
            String where = set + ", trigger " + r.getString(2) + " on " + r.getString(1);
            raises(r.getString(3), where, found, problems);
          }
        }
      }
    }
    assertEquals(List.of(), problems, String.join("\n", problems));
    return found;
  }

  /**
   * The messages of each RAISE in {@code sql}: each must be one SQL string literal (a message built
   * with || cannot be sorted by its text, so it is refused here, with where to change it).
   */
  static void raises(String sql, String where, List<Found> found, List<String> problems) {
    String upper = sql.toUpperCase(Locale.ROOT);
    int at = 0;
    while ((at = upper.indexOf("RAISE", at)) >= 0) {
      int i = at + "RAISE".length();
      at = i;
      while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
        i++;
      }
      if (i >= sql.length() || sql.charAt(i) != '(') {
        continue; // a word holding RAISE, not the function
      }
      int comma = sql.indexOf(',', i);
      int close = sql.indexOf(')', i);
      if (close >= 0 && (comma < 0 || close < comma)) {
        continue; // RAISE(IGNORE): no message
      }
      i = comma + 1;
      while (Character.isWhitespace(sql.charAt(i))) {
        i++;
      }
      StringBuilder text = new StringBuilder();
      boolean literal = sql.charAt(i) == '\'';
      if (literal) {
        for (i++; ; i++) {
          char ch = sql.charAt(i);
          if (ch == '\'' && i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
            text.append('\'');
            i++;
          } else if (ch == '\'') {
            i++;
            break;
          } else {
            text.append(ch);
          }
        }
        while (Character.isWhitespace(sql.charAt(i))) {
          i++;
        }
        literal = sql.charAt(i) == ')';
      }
      if (!literal) {
        problems.add(
            where
                + ": a RAISE whose message is not one string literal (built with || or a"
                + " function): TriggerMessagesTest sorts messages by their text, so write it as"
                + " one literal per case (a CASE with a RAISE each, as needs_status_move does)");
      } else {
        found.add(new Found(text.toString(), where));
      }
    }
  }

  /** A trigger's abort as the SQLite JDBC driver reports it. */
  static SQLException raised(String message) {
    return new SQLException(
        "[SQLITE_CONSTRAINT_TRIGGER] A RAISE function within a trigger fired, causing the SQL"
            + " statement to abort ("
            + message
            + ")",
        null,
        19);
  }

  @Test
  void everyTriggerMessageOfEveryShippedSchemaIsSortedOnPurpose() throws Exception {
    List<Found> found = everyMessage();
    assertTrue(found.size() > 300, "RAISEs found: " + found.size());
    Map<String, String> unsorted = new TreeMap<>();
    Set<TriggerMessages.Sort> used = new HashSet<>();
    Set<String> checkedRules = new HashSet<>();
    List<String> missorted = new ArrayList<>();
    for (Found f : found) {
      String msg = f.message();
      SQLException e = raised(msg);
      Matcher entity = DatabaseRefusals.ENTITY.matcher(msg);
      Matcher named =
          entity.matches() ? DatabaseRefusals.RULE_AND_FIX.matcher(entity.group(2)) : null;
      TriggerMessages.Sort sort = TriggerMessages.of(msg);
      if (named != null && named.matches()) {
        // It names its rule and fix: refused with that fix, on the fix line.
        RefusedException r = DatabaseRefusals.ownFault(e) ? null : DatabaseRefusals.translate(e);
        if (r == null
            || !r.rule().equals(named.group(2))
            || !r.fix().equals(named.group(3))
            || !r.getMessage().equals(entity.group(1) + ": " + named.group(1))) {
          missorted.add(f.where() + ": '" + msg + "' is not refused under its own rule and fix");
        }
        continue;
      }
      if (sort == null) {
        unsorted.putIfAbsent(msg, f.where());
        continue;
      }
      used.add(sort);
      switch (sort.kind()) {
        case OWN, OUTSIDE -> {
          if (!DatabaseRefusals.ownFault(e) || DatabaseRefusals.translate(e) != null) {
            missorted.add(
                f.where() + ": '" + msg + "' is " + sort.kind() + " but not mlos's fault");
          }
        }
        case CHECKED -> {
          RefusedException r = DatabaseRefusals.ownFault(e) ? null : DatabaseRefusals.translate(e);
          if (r == null
              || !r.rule().equals(sort.rule())
              || !r.getMessage().equals(msg)
              || !r.fix().equals(DatabaseRefusals.UNCHECKED_FIX)) {
            missorted.add(
                f.where()
                    + ": '"
                    + msg
                    + "' is not refused as "
                    + sort.rule()
                    + " with the fix"
                    + " that says mlos missed its check");
          }
          checkedRules.add(sort.rule());
        }
      }
    }
    assertEquals(List.of(), missorted, String.join("\n", missorted));
    StringBuilder fail = new StringBuilder();
    unsorted.forEach(
        (msg, where) -> fail.append("\n  ").append(where).append(": '").append(msg).append("'"));
    assertTrue(
        unsorted.isEmpty(),
        unsorted.size()
            + " trigger message(s) sorted by nothing; each would reach a user as a rule of theirs"
            + " with the generic fix. Give the message its rule and fix ('entity: what (rule.id):"
            + " fix'), or add a row to TriggerMessages.TABLE: OWN if mlos writes that value itself,"
            + " OUTSIDE for a table mlos never writes, CHECKED with the engine's rule id if the"
            + " engine checks it first (and a case in TriggerRulesThroughTheEngineTest):"
            + fail);
    // No row sorts nothing, and every rule a row says the engine checks first is shown refused by
    // the engine, with its own fix, through its public operations.
    for (TriggerMessages.Sort s : TriggerMessages.TABLE) {
      assertTrue(used.contains(s), "a row of TriggerMessages.TABLE sorts no message: " + s);
    }
    Set<String> unshown = new TreeSet<>(checkedRules);
    unshown.removeAll(TriggerRulesThroughTheEngineTest.SHOWN);
    assertEquals(
        Set.of(),
        unshown,
        "rules TriggerMessages.TABLE says the engine checks first, with no case in"
            + " TriggerRulesThroughTheEngineTest showing it");
  }

  @Test
  void theDriversWordsOfAFiredTriggerAreTheOnesSortedAbove() throws Exception {
    Path db = EngineDatabase.create(dir.resolve("mlos.db"));
    try (Connection c = Database.at(db).open(false);
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO needs (title) VALUES ('n')");
      SQLException fired =
          assertThrows(SQLException.class, () -> s.execute("UPDATE needs SET status = 'resolved'"));
      SQLException built = raised("need: identified -> resolved is not allowed");
      assertEquals(built.getMessage(), fired.getMessage());
      assertEquals(built.getErrorCode(), fired.getErrorCode());
      assertEquals("need.lifecycle", DatabaseRefusals.translate(fired).rule());
    }
  }

  @Test
  void aMessageNoRowSortsReadsAsTheUsersRuleWithTheGenericFix() {
    // What the test above keeps out of shipped schemas: a message of an engine table with neither
    // a named rule nor a row is taken as the user's, and says mlos missed its check.
    SQLException e = raised("need: a rule nobody sorted");
    assertNull(TriggerMessages.of("need: a rule nobody sorted"));
    assertFalse(DatabaseRefusals.ownFault(e));
    RefusedException r = DatabaseRefusals.translate(e);
    assertEquals("need.rule", r.rule());
    assertEquals(DatabaseRefusals.UNCHECKED_FIX, r.fix());
    assertNotEquals(null, r.getMessage());
  }
}
