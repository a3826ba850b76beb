package dev.mlos.core;

/**
 * What a reader is shown for a title, a task's description or a scope: the text itself, or a
 * fallback when it shows nothing ({@link InvisibleText#showsNothing}: null, blank, or a zero-width
 * space alone, written before schema mlos V19 refused it or with its triggers off). One place for
 * every output that words such a text for a person or an agent: the compiled pages ({@code
 * mlos.linkText}), the command line's text answers and the MCP server's answers say the same {@code
 * need 4}, {@code no description}, where each showed an empty-looking title before.
 */
public final class ShownText {
  private ShownText() {}

  /** A task's description, on a page or in an answer, when it shows nothing. */
  public static final String NO_DESCRIPTION = "no description";

  /** An artifact with neither a title nor a path that shows anything. */
  public static final String UNTITLED_ARTIFACT = "untitled artifact";

  /** A scope, a date, any other one-line field that shows nothing, as the need page shows it. */
  public static final String NOTHING = "-";

  /** {@code text}, or {@code fallback} when {@code text} is null or shows nothing. */
  public static String or(String text, String fallback) {
    return text == null || InvisibleText.showsNothing(text) ? fallback : text;
  }

  /** A need's title, or {@code need <id>} (the link text its pages fall back to). */
  public static String needTitle(long id, String title) {
    return or(title, "need " + id);
  }

  /**
   * A graph record's title (agentos-graph), or its node id, as its page's heading and every link to
   * it fall back ({@code mlos.linkText(title, id)}).
   */
  public static String recordTitle(String nodeId, String title) {
    return or(title, nodeId);
  }

  /** A task's description (its title in lists), or {@link #NO_DESCRIPTION}. */
  public static String taskDescription(String description) {
    return or(description, NO_DESCRIPTION);
  }

  /** An artifact's title, else its file path, else {@link #UNTITLED_ARTIFACT}. */
  public static String artifactTitle(String title, String filePath) {
    return or(title, or(filePath, UNTITLED_ARTIFACT));
  }

  /**
   * The title of a {@code need}, {@code task} or {@code artifact} (a ready item, a blocker, a
   * search hit) as {@link #needTitle}, {@link #taskDescription} or {@link #artifactTitle} show it
   * (an artifact without its path here: {@link #UNTITLED_ARTIFACT}).
   */
  public static String title(String kind, long id, String title) {
    return switch (kind) {
      case "need" -> needTitle(id, title);
      case "task" -> taskDescription(title);
      default -> artifactTitle(title, null);
    };
  }
}
