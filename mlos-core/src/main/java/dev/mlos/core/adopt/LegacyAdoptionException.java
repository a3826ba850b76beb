package dev.mlos.core.adopt;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import java.util.List;

/**
 * A TaskEngine database cannot be adopted as it is: some rows would not fit the mlos schema. Every
 * problem is listed with the row ids; the database was not changed. A refusal of the user's data by
 * a rule ({@value #RULE}), not a broken setup: the adapters report it as they report rules.
 */
public class LegacyAdoptionException extends MlosException {
  /** The rule that refuses the adoption of rows that do not fit. */
  public static final String RULE = "adopt.taskengine";

  private final List<String> problems;

  /** The adoption of {@code databaseFile} is blocked by {@code problems}, one sentence each. */
  public LegacyAdoptionException(String databaseFile, List<String> problems) {
    super(
        "Database "
            + databaseFile
            + ": cannot adopt the TaskEngine tasks table, nothing was changed:"
            + System.lineSeparator()
            + "  - "
            + String.join(System.lineSeparator() + "  - ", problems),
        "fix what is listed (for statuses, use one of the values listed in docs/schema.md, \"Adopting a TaskEngine "
            + "database\") and run {0} again");
    suggesting(Remedy.init());
    this.problems = List.copyOf(problems);
  }

  /** The rule's id, {@value #RULE}. */
  public String rule() {
    return RULE;
  }

  /** One sentence per problem, each naming the rows. */
  public List<String> problems() {
    return problems;
  }
}
