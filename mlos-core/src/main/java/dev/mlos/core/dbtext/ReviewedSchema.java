package dev.mlos.core.dbtext;

import dev.mlos.core.schema.SchemaIntegrity;
import java.util.ArrayList;
import java.util.List;

/**
 * The refusals of a reviewed text form whose schema is not what its recorded migrations create. The
 * review judges changed rows under the file's own triggers: a hand edit (a need moved from
 * identified straight to resolved) beside the deleted trigger that refuses it passed check-text,
 * and a file without any trigger was not judged at all. The migrations' own objects are checked
 * first, as the pull and init check them ({@link SchemaIntegrity}).
 */
final class ReviewedSchema {
  /** The table a refusal of a schema object names. */
  static final String TABLE = "sqlite_schema";

  private ReviewedSchema() {}

  /** One refusal per difference, with its line in {@code current} or else in {@code base}. */
  static List<TextFormReview.Refusal> refusals(
      List<SchemaIntegrity.Difference> found, String current, String base) {
    List<TextFormReview.Refusal> out = new ArrayList<>();
    for (SchemaIntegrity.Difference d : found) {
      int line = lineOf(current, d.name());
      int baseLine = line > 0 ? 0 : lineOf(base, d.name());
      String change = line > 0 ? (d.createdBy() == null ? "added" : "changed") : "removed";
      out.add(
          new TextFormReview.Refusal(
              line,
              baseLine,
              TABLE,
              d.type() + " " + d.name(),
              change,
              d
                  + ": the database's rules (its triggers, views and indexes) are what its"
                  + " migrations create, changed only by an mlos upgrade"));
    }
    return out;
  }

  /** The fix of such a refusal. */
  static String fix(TextFormReview.Refusal r, String show) {
    return "put the "
        + r.key()
        + " back as "
        + show
        + " has it"
        + (r.baseLine() > 0 ? " (its line " + r.baseLine() + ")" : "")
        + (r.line() > 0 ? ", in place of line " + r.line() : "")
        + ", and undo the rows edited by hand beside it; the rules change only with an mlos"
        + " upgrade, whose migrations write them";
  }

  /** The line (from 1) of the first CREATE statement in {@code text} naming {@code name}; 0. */
  private static int lineOf(String text, String name) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    int n = 0;
    for (String line : (Iterable<String>) text.lines()::iterator) {
      n++;
      if (line.startsWith("CREATE ") && namesObject(line, name)) {
        return n;
      }
    }
    return 0;
  }

  private static boolean namesObject(String line, String name) {
    for (String form : List.of(" " + name + " ", " \"" + name + "\" ", " " + name + "(")) {
      if (line.contains(form)) {
        return true;
      }
    }
    return line.endsWith(" " + name);
  }
}
