package dev.mlos.core.adopt;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import java.util.List;

/**
 * A TaskEngine database cannot be adopted as it is: some rows would not fit the mlos schema. Every
 * problem is listed with the row ids; the database was not changed.
 */
public class LegacyAdoptionException extends MlosException {
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

  /** One sentence per problem, each naming the rows. */
  public List<String> problems() {
    return problems;
  }
}
