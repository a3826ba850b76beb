package dev.mlos.core.guard;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.RemedyWording;
import dev.mlos.core.config.InvalidConfigException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What the guard found wrong with one file. The order of the constants is the order of reports. */
public enum ViolationClass {
  /** A compiled file's content differs from what the compiler wrote. */
  HAND_EDITED(
      "A compiled file was edited by hand",
      "The file's content (ignoring compiled_at, content_hash and line endings) no longer hashes to the"
          + " content_hash the compiler recorded in mlos_outputs. Compiled files are build output: the"
          + " database is the source. Put the change into the database, then run {0},"
          + " which overwrites the file."),
  /**
   * The file is exactly as compiled, but the database now renders it differently (or not at all).
   */
  STALE(
      "A compiled file is out of date with the database",
      "The file is exactly as the last compile wrote it, but the database has changed since: compiling"
          + " now would change, create or delete it. Run {0} and commit the result."),
  /** A file the workspace's last compile produced is gone. */
  MISSING(
      "A compiled file is missing",
      "The last compile of this workspace wrote this file (it is recorded in mlos_outputs), but it no"
          + " longer exists. Run {0} to write it again."),
  /** A file carrying {@code compiled_at} front matter that this workspace did not compile. */
  UNKNOWN(
      "A file claims to be compiled but this workspace did not compile it",
      "The file has compiled_at in its front matter, so it looks like build output, but this"
          + " workspace's compile record does not list it. When its workspace: front matter names another"
          + " workspace, the same repository is most likely checked out under another directory name (the"
          + " name defaults to the directory's): set `workspace:` in mlos.yaml to that name. Otherwise it"
          + " was copied, renamed, or left behind by a removed view: delete it ({1} only deletes"
          + " files the workspace recorded), or enable the view that produces it and run {0}."),
  /** A registered artifact whose SHA-256 no longer equals its recorded {@code content_hash}. */
  ARTIFACT_DRIFT(
      "A registered artifact changed since it was registered",
      "The SHA-256 of the file's bytes differs from artifacts.content_hash. Review the change; if it is"
          + " intended, record the new hash with {0} (this leaves a"
          + " history entry)."),
  /** A registered artifact's {@code file_path} does not exist. */
  ARTIFACT_MISSING(
      "A registered artifact's file does not exist",
      "artifacts.file_path names a file (relative to the workspace root) that does not exist, or"
          + " one a clone on Windows cannot check out (a name such as aux.md or con.txt), or one"
          + " that differs from an earlier artifact's only in case or Unicode form (one file on"
          + " macOS and Windows). Restore the file (rename one Windows refuses, or one of the two"
          + " spellings), record the new path of a file moved on purpose with {1} (which keeps"
          + " the artifact's id and edges), or unregister the artifact with {0}."),
  /**
   * A graph record file that changed since it was imported, is gone, or is new under a directory an
   * import read, so the graph (and every page compiled from it) no longer holds what the files say.
   */
  RECORD_DRIFT(
      "A record file differs from what was imported into the graph",
      "An import (agentos-graph pack) records each record file it read with the SHA-256 of its"
          + " bytes (graph_import_files). This file's bytes changed since, or it is gone, or it lies"
          + " under a directory an import read and no import read it: the graph, and the pages"
          + " compiled from it, still hold the records as they were imported. Import its source"
          + " again with {0} (an import of a source that is gone forgets it; the records a deleted"
          + " file held stay in the graph, since an import never deletes a node), then run {1} (and, where"
          + " the workspace keeps the database's text form, commit it with the compiled files).");

  private final String title;
  private final String help;

  ViolationClass(String title, String help) {
    this.title = title;
    this.help = help;
  }

  /** One line saying what the class means, for report rule descriptions. */
  public String title() {
    return title;
  }

  /**
   * A paragraph explaining the class and how to fix it, for report rule help, in the core's own
   * words ({@link RemedyWording#OPERATIONS}); an adapter uses {@link #help(RemedyWording)}.
   */
  public String help() {
    return help(RemedyWording.OPERATIONS);
  }

  /** {@link #help()} with the commands it names in {@code wording}'s words. */
  public String help(RemedyWording wording) {
    return Remedy.format(help, remedies(), wording);
  }

  /**
   * The fixes {@link #help}'s text names as {@code {0}}, {@code {1}}: compile again, accept the
   * artifact, unregister it, or import the record files (then compile).
   */
  public List<Remedy> remedies() {
    return switch (this) {
      case HAND_EDITED, STALE, MISSING -> List.of(Remedy.compile());
      case UNKNOWN -> List.of(Remedy.compile(), Remedy.clean());
      case ARTIFACT_DRIFT -> List.of(Remedy.accept(null));
      case ARTIFACT_MISSING -> List.of(Remedy.removeArtifacts(), Remedy.moveArtifacts());
      case RECORD_DRIFT -> List.of(Remedy.importPaths(null), Remedy.compile());
    };
  }

  /**
   * The classes named in a setting such as {@code failOn}: names in any case, blanks between commas
   * skipped. A value that names no class at all (empty, blank, only commas) is refused: it would
   * turn every violation into a warning, so a guard given an unset CI variable would pass
   * everything without saying so. Leaving the setting unset gives the adapter's default instead.
   *
   * @param setting the setting's name, for the message
   * @throws InvalidConfigException naming the setting and the name that is not a class, listing the
   *     classes; or naming the setting when it names no class
   */
  public static Set<ViolationClass> parseAll(String setting, Collection<String> names) {
    Set<ViolationClass> set = EnumSet.noneOf(ViolationClass.class);
    for (String name : names == null ? List.<String>of() : names) {
      String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
      if (n.isEmpty()) {
        continue;
      }
      try {
        set.add(valueOf(n));
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException(
            setting,
            0,
            0,
            MlosException.quoted(name) + " is not a violation class.",
            "use some of " + EnumSet.allOf(ViolationClass.class));
      }
    }
    if (set.isEmpty()) {
      throw new InvalidConfigException(
          setting,
          0,
          0,
          "names no violation class (the value is empty, or only commas and spaces), so every"
              + " violation would only warn and"
              + " the guard would fail nothing; an unset variable on the command line does this",
          "leave the setting unset for the default (every class fails), or name the classes that"
              + " fail, some of "
              + EnumSet.allOf(ViolationClass.class)
              + "; to skip the guard on purpose, use its skip setting");
    }
    return set;
  }
}
