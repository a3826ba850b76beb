package dev.mlos.core.schema;

/**
 * One versioned migration of a schema set, as shipped on the classpath.
 *
 * @param schemaSet the set it belongs to, e.g. {@code mlos}
 * @param version 1, 2, 3... in the order they are applied
 * @param description from the file name: {@code V1__core_tables.sql} is "core tables"
 * @param resource the classpath resource, for messages
 * @param sql the script text
 * @param checksum SHA-256 (lower-case hex) of the text with line endings normalised to {@code \n}
 */
public record Migration(
    String schemaSet,
    int version,
    String description,
    String resource,
    String sql,
    String checksum) {
  /** {@code "mlos V1 core tables"}, as init logs it. */
  public String label() {
    return schemaSet + " V" + version + " " + description;
  }
}
