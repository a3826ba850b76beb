package dev.mlos.core.dbtext;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;

/**
 * The two sides of a text form merge ({@link TextMerge}) have different schemas: refused, nothing
 * merged.
 */
public final class SchemaMismatchException extends MlosException {
  private final String ours;
  private final String theirs;
  private final String difference;
  private final String older;
  private final String tooNew;

  /**
   * @param older the side whose migrations are all at or below the other's ("ours" or "theirs"), or
   *     null when neither is simply older
   * @param tooNew {@code "theirs records schema set mlos at version 16, and this mlos knows only up
   *     to V15"} when a side was written by a newer mlos than this one, else null: this mlos's init
   *     cannot bring the older side up to that schema (the merge driver a clone registered runs the
   *     mlos of that clone's last init, an older one when a teammate upgraded first)
   * @param inGit whether git's merge driver met it: in a rebase (git pull --rebase) theirs is the
   *     user's own commits, replayed one by one, so the fix says how to fold them into one
   */
  SchemaMismatchException(
      String ours, String theirs, String difference, String older, String tooNew, boolean inGit) {
    super(
        "The two sides of "
            + "the database's text form have different schemas (ours: "
            + ours
            + "; theirs: "
            + theirs
            + "; first difference: "
            + difference
            + "), so their rows cannot be merged"
            + (older == null ? "" : "; " + older + " is the older")
            + (tooNew == null ? "" : "; " + tooNew + " (a teammate upgraded mlos)"),
        (tooNew == null
                ? ""
                : "upgrade this mlos first (docs/schema.md, \"Upgrading mlos\"): its {0} cannot"
                    + " migrate to a version it does not know; run the new mlos's {0} in this clone"
                    + " (it also points the merge driver at the new mlos), then ")
            + fix(older, inGit));
    suggesting(Remedy.init());
    this.ours = ours;
    this.theirs = theirs;
    this.difference = difference;
    this.older = older;
    this.tooNew = tooNew;
  }

  private static String fix(String older, boolean inGit) {
    String fix =
        "bring the older side"
            + (older == null ? "" : " (" + older + ")")
            + " up to date first: on that branch run {0} (it migrates the database), compile,"
            + " commit, then merge again";
    if (!inGit || older == null) {
      return fix;
    }
    // A rebase replays each of the user's commits: one upgrade commit on top leaves the older
    // ones to be refused again, so they have to become one commit made with the new schema.
    return "theirs".equals(older)
        ? fix
            + "; in a rebase (`git pull --rebase`) theirs is your own commits, each replayed and"
            + " refused again: `git rebase --abort`, run {0} and compile, fold your commits into"
            + " one (`git reset --soft $(git merge-base HEAD @{u})`, `git add -A`, `git commit`), and"
            + " pull again"
        : fix
            + "; in a rebase (`git pull --rebase`) ours is the upstream: `git rebase --abort`,"
            + " bring the upstream up to date on a branch of its own (check it out, run {0},"
            + " compile, commit, push), then pull again";
  }

  /** The same refusal, worded for git's merge driver (a rebase's sides are the other way round). */
  SchemaMismatchException inGit() {
    return new SchemaMismatchException(ours, theirs, difference, older, tooNew, true);
  }

  /**
   * True when a side was written by a newer mlos than this one (the fix starts with upgrading it),
   * so an adapter can say how its users upgrade.
   */
  public boolean newerMlosWroteASide() {
    return tooNew != null;
  }

  /** Ours' schema, in words. */
  public String ours() {
    return ours;
  }

  /** Theirs' schema, in words. */
  public String theirs() {
    return theirs;
  }
}
