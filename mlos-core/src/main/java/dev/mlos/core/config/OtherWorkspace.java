package dev.mlos.core.config;

import dev.mlos.core.MlosException;
import dev.mlos.core.frontmatter.ParseResult;
import dev.mlos.core.frontmatter.ParsedFile;

/**
 * A compiled file that names another workspace in its {@code workspace:} front matter. The usual
 * cause is not a stray copy but the same repository checked out under another directory name: with
 * no {@code workspace:} in {@code mlos.yaml} the name is the directory's, so a clone in {@code
 * ws-2/} no longer owns the files that {@code ws/} compiled. The fix is therefore to pin the name,
 * never to delete the files (they are the committed output).
 *
 * @param workspace this workspace's name
 * @param owner the name the file carries
 */
public record OtherWorkspace(String workspace, String owner) {

  /**
   * The other workspace {@code file} names, or null when it names none or this one.
   *
   * @param workspace this workspace's name
   * @param file the file as parsed (any result)
   */
  public static OtherWorkspace of(String workspace, ParseResult file) {
    if (file instanceof ParsedFile p && p.frontMatter().get("workspace") != null) {
      String owner = String.valueOf(p.frontMatter().get("workspace"));
      return owner.equals(workspace) ? null : new OtherWorkspace(workspace, owner);
    }
    return null;
  }

  /** What is wrong, to append to a message about the file. */
  public String note() {
    return "it names workspace "
        + MlosException.quoted(owner)
        + ", this workspace is named "
        + MlosException.quoted(workspace);
  }

  /**
   * The fix: pin the workspace name. A name valid in {@code mlos.yaml} goes there; a directory name
   * that is not one (spaces, capitals) can only be given as the plugin's {@code workspace}
   * parameter.
   */
  public String fix() {
    String why =
        " (without it the name is the checkout directory's name, which differs between clones);"
            + " the files are then this workspace's again";
    if (ConfigLoader.isValidName(owner)) {
      return "if this is the same workspace checked out under another directory name, set `workspace: "
          + owner
          + "` in mlos.yaml and commit it"
          + why;
    }
    return "if this is the same workspace checked out under another directory name, give the plugin the parameter"
        + " <workspace> with the value "
        + MlosException.quoted(owner)
        + " in pom.xml and commit it (the name is not"
        + " valid in mlos.yaml)"
        + why;
  }
}
