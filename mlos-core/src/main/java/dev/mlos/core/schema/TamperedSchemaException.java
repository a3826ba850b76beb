package dev.mlos.core.schema;

import dev.mlos.core.Remedy;
import java.nio.file.Path;
import java.util.List;

/**
 * A database whose schema differs from what its recorded migrations create: a rule's trigger or a
 * table's constraints were changed, or a trigger was added to one of mlos's tables. Every migration
 * checksum may still match, so only a comparison of the objects finds it ({@link SchemaIntegrity}).
 * A broken setup, not a refused operation: nothing was changed.
 */
public class TamperedSchemaException extends SchemaException {
  private static final int SHOWN = 10;

  private final String database;
  private final transient List<SchemaIntegrity.Difference> differences;
  private final transient Path textForm;

  /**
   * The refusal for {@code database}.
   *
   * @param operation what stops ("compile", "guard", "engine"), or null
   * @param textForm the text form the database was just rebuilt from (then removed), or null
   */
  public TamperedSchemaException(
      String database,
      List<SchemaIntegrity.Difference> differences,
      String operation,
      Path textForm) {
    super(
        null,
        0,
        differences.get(0).createdBy(),
        (textForm == null ? "Database " + database : textForm.toString())
            + ": its schema differs from what its recorded migrations create, so the rules they"
            + " enforce may not hold: "
            + listed(differences)
            + (textForm != null
                ? "; the database built from it was removed"
                : operation == null ? "" : "; the " + operation + " stops"),
        textForm != null
            ? "the text form was changed outside mlos (by hand, or by a commit you did not review):"
                + " restore it from git (`git checkout -- "
                + textForm.getFileName()
                + "`, or `git log -p "
                + textForm.getFileName()
                + "` to find the commit that changed the schema), then run {0} again"
            : "restore the database from a backup (init writes one before every upgrade), or, if it"
                + " was rebuilt from its text form, restore that file from git, delete the database"
                + " and run {0} to rebuild it; keep triggers of your own on tables of your own",
        null);
    suggesting(Remedy.init());
    this.database = database;
    this.differences = List.copyOf(differences);
    this.textForm = textForm;
  }

  private static String listed(List<SchemaIntegrity.Difference> differences) {
    List<String> shown =
        differences.stream().limit(SHOWN).map(SchemaIntegrity.Difference::toString).toList();
    return String.join("; ", shown)
        + (differences.size() > SHOWN ? "; and " + (differences.size() - SHOWN) + " more" : "");
  }

  /** The database file concerned. */
  public String database() {
    return database;
  }

  /** Every changed or added object. */
  public List<SchemaIntegrity.Difference> differences() {
    return differences;
  }

  /** The text form the database was rebuilt from, or null. */
  public Path textForm() {
    return textForm;
  }
}
