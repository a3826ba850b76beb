package dev.mlos.core.dbtext;

import dev.mlos.core.MlosException;
import dev.mlos.core.path.GitCheckout;
import dev.mlos.core.path.WorkspacePath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A review of the rows of a text form ({@code mlos.db.sql}) against the rules the database's
 * triggers enforce: what CI runs on a pull request. A rebuild restores rows before the triggers
 * exist ({@link DatabaseText}), so a row line edited by hand (a 10 MB description, a {@code blocks}
 * cycle, a need moved from {@code identified} straight to {@code resolved}) would be restored as
 * written and pass the compile and the guard.
 *
 * <p>The rows that differ between a base text form (the one at the pull request's base) and the
 * current one are replayed onto the base's rows with every trigger active ({@link
 * MergeRules#judge}): an added row as an insert, a changed one as an update, a removed one as a
 * delete. Only changed rows are judged: a row an older mlos wrote under a rule a newer one
 * tightened is left alone while no one changes it, and rows that differ only in {@code updated_at}
 * are the same row. The writes the history records since the base are walked first, each on its
 * own, so a row the engine moved through several states (a need {@code actionable -> in_progress ->
 * resolved} by its task) reaches its last state as it did; a hand edit has no such steps, and its
 * row is judged by the one jump it makes.
 *
 * <p>Not judged: rows of tables the triggers write themselves (history, {@code need_tags}, ready
 * work), the compile record, virtual tables, tables without a primary key. When the base has
 * another schema than the current text (an mlos upgrade in between), it is first brought to the
 * current text's migrations, as init upgrades a database; only when that cannot be (a pack's schema
 * set this mlos does not ship, a base newer than the text) the rows are not judged and {@link
 * Result#notes} says so.
 */
public final class TextFormReview {
  /** The rule a refused row breaks, as every refusal of this review names it. */
  public static final String RULE = "dbtext.hand_edit_breaks_rule";

  /** The fix after the refused rows' own fixes: each change made with mlos. */
  public static final String CLOSING_FIX =
      "make each change with mlos (its compile writes the file), as each fix line above says";

  /**
   * The largest text form a review reads, from git or from the working tree (bytes): beyond it the
   * review refuses, naming it.
   */
  static final long MAX_BYTES = 1L << 30;

  /** The note of a review whose rows were not judged because the schemas differ. */
  public static final String NOT_CHECKED =
      "the rows were not judged against the database's rules: the base has another schema than"
          + " the current text form, and this mlos cannot bring it to the current one (a schema set"
          + " it does not ship, or a base newer than the text), so its rows cannot be replayed"
          + " under the current triggers";

  /** The rule given for a row of a table of kinds changed by hand: prefix, table, suffix. */
  static final String RULE_TABLE_PREFIX = "the rows of ";

  static final String RULE_TABLE_SUFFIX =
      " are rules the triggers read, written by mlos's migrations only: a row of it changed by hand"
          + " changes what the database allows";

  private TextFormReview() {}

  /**
   * A changed row the triggers refuse.
   *
   * @param line its line in the current text form (from 1), or 0 for a removed row
   * @param baseLine its line in the base, or 0 for an added row
   * @param table its table
   * @param key its key (the id, or the quoted primary key values)
   * @param change "added", "changed" or "removed"
   * @param rule what the trigger (or constraint) said
   */
  public record Refusal(
      int line, int baseLine, String table, String key, String change, String rule) {}

  /**
   * What the review found.
   *
   * @param refusals the changed rows the rules refuse, in the order of the text
   * @param judged how many changed rows were judged
   * @param notes what was not judged, and why
   * @param base the base as the review was given it (a revision), for fixes
   * @param path the text form's path in the repository ('/'-separated), for messages and fixes
   */
  public record Result(
      List<Refusal> refusals, int judged, List<String> notes, String base, String path) {
    public Result {
      refusals = List.copyOf(refusals);
      notes = List.copyOf(notes);
    }

    /** This result for the base {@code base} and the text form at {@code path}. */
    Result at(String base, String path) {
      return new Result(refusals, judged, notes, base, path);
    }

    /**
     * {@code mlos.db.sql:<line>: <rule> (<table> <key> <change> by hand since <base>)}: one line
     * for a log or a terminal, the rule and the key escaped (they come from the file).
     */
    public String headline(Refusal x) {
      return dev.mlos.core.LogText.line(
          path
              + (x.line() > 0 ? ":" + x.line() : "")
              + ": "
              + x.rule()
              + " ("
              + x.table()
              + " "
              + x.key()
              + " "
              + x.change()
              + " by hand since "
              + base
              + (x.line() == 0 ? ", line " + x.baseLine() + " there" : "")
              + ")");
    }

    /**
     * What the refusals amount to, in one line for a log or a terminal: how many of the changed
     * rows break a rule, since which base (the base and the path escaped).
     */
    public String summary() {
      return refusals.size()
          + " of the "
          + judged
          + " row(s) of "
          + dev.mlos.core.LogText.line(path)
          + " changed since "
          + dev.mlos.core.LogText.line(base)
          + " break a rule the database enforces, which a rebuild from the file would not check";
    }

    /** The fix for {@code r}, one of {@link #refusals}. */
    public String fix(Refusal r) {
      return TextFormReview.fix(r, base, path);
    }

    /** True when no changed row breaks a rule. */
    public boolean clean() {
      return refusals.isEmpty();
    }
  }

  /** A base revision that names no commit (or starts with '-'): a bad argument, not a finding. */
  public static final class BadRevisionException extends MlosException {
    private final String revision;

    BadRevisionException(String revision, String message, String fix) {
      super(message, fix);
      this.revision = revision;
    }

    /** The revision as given. */
    public String revision() {
      return revision;
    }
  }

  /**
   * Reviews the working tree's text form {@code textForm} against its version at the git revision
   * {@code revision} of the checkout holding it. A commit without the file (the commit that added
   * it) is an empty base: every row is judged as added.
   *
   * @throws BadRevisionException when {@code revision} names no commit there, or starts with '-'
   * @throws MlosException when the text form is missing or in no git checkout, git cannot read it,
   *     or a text is not a text form
   */
  public static Result review(Path textForm, String revision) {
    Path file = TextFormLink.refused(textForm.toAbsolutePath().normalize());
    if (!Files.isRegularFile(file)) {
      throw new MlosException(
          "There is no text form " + file + " to review", "run it in a workspace that keeps one");
    }
    if (revision == null || revision.isBlank() || revision.startsWith("-")) {
      throw new BadRevisionException(
          revision,
          MlosException.quoted(String.valueOf(revision))
              + " is not a git revision"
              + (revision != null && revision.startsWith("-")
                  ? " (it starts with '-', which git would read as an option)"
                  : ""),
          "name the commit, branch or tag the change is made on, such as origin/main");
    }
    Path root = GitCheckout.rootOf(file.getParent());
    if (root == null) {
      throw new MlosException(
          "The text form " + file + " is in no git checkout, so there is no base to review against",
          "run it in the git checkout that holds the workspace");
    }
    if (GitCheckout.tracks(root, file) == null) {
      // Not the revision's fault: git itself did not answer (not installed, or broken).
      throw new MlosException(
          "git did not answer in " + root + " (is it installed and on the PATH?)",
          "install git, or run the check where `git -C "
              + dev.mlos.core.RemedyWording.shellWord(root.toString())
              + " status` works");
    }
    String commit = GitCheckout.commitOf(root, revision);
    if (commit == null) {
      throw new BadRevisionException(
          revision,
          MlosException.quoted(revision) + " names no commit in the git repository at " + root,
          "name a commit, branch or tag git knows there (`git rev-parse --verify` accepts it);"
              + " in a shallow CI clone, fetch the base first: git fetch origin main");
    }
    Path realFile = file;
    try {
      realFile = file.getParent().toRealPath().resolve(file.getFileName());
    } catch (IOException e) {
      // As given.
    }
    String relative = WorkspacePath.relative(root, realFile);
    Long baseSize = GitCheckout.sizeAt(root, commit, relative);
    if (baseSize == null) {
      // Not the revision's fault: git answered the commit but not the file's size.
      throw new MlosException(
          "git could not tell the size of " + relative + " at " + revision,
          "check that `git cat-file -s "
              + dev.mlos.core.RemedyWording.shellWord(revision + ":" + relative)
              + "` prints it");
    }
    if (baseSize > MAX_BYTES) {
      throw new MlosException(
          relative
              + " at "
              + revision
              + " is "
              + baseSize
              + " bytes, more than the "
              + MAX_BYTES
              + " a review reads",
          "review against a later base, whose text form is smaller");
    }
    long currentSize;
    try {
      currentSize = Files.size(file);
    } catch (IOException e) {
      throw new MlosException(
          "Cannot read the text form " + file + ": " + e.getMessage(),
          "check that it is UTF-8 text mlos wrote, and readable",
          e);
    }
    if (currentSize > MAX_BYTES) {
      // Past it, Java cannot hold the text as one string (1 GiB of chars outside Latin-1) whatever
      // its heap: more memory, as the heap check below would advise, would not help.
      throw new MlosException(
          file + " is " + currentSize + " bytes, more than the " + MAX_BYTES + " a review reads",
          "share the database itself rather than its text form at this size (docs/ci.md)");
    }
    String current;
    BaseBytes base;
    try {
      // Both texts are held at once: refuse before reading either when they would not fit.
      TextFiles.requireHeapToMerge(
          "review " + file.getFileName() + " against " + revision, Math.max(currentSize, baseSize));
      base =
          new BaseBytes(
              baseSize < 0
                  ? java.util.Optional.empty()
                  : GitCheckout.blobAt(root, commit, relative, baseSize));
      if (base.bytes == null) {
        throw new MlosException(
            "git could not read "
                + relative
                + " at "
                + revision
                + " (it failed, or took longer than "
                + GitCheckout.deadlineSeconds(baseSize)
                + " s)",
            "check that `git cat-file blob "
                + dev.mlos.core.RemedyWording.shellWord(revision + ":" + relative)
                + "` prints it");
      }
      current = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MlosException(
          "Cannot read the text form " + file + ": " + e.getMessage(),
          "check that it is UTF-8 text mlos wrote, and readable",
          e);
    }
    return review(new String(base.bytes, StandardCharsets.UTF_8), current).at(revision, relative);
  }

  /**
   * The fix for a refused row, with {@code revision} (the base as given) and {@code name} (the text
   * form's path in the repository): undo the hand edit, make the change with mlos.
   */
  static String fix(Refusal r, String revision, String name) {
    String show = "git show " + dev.mlos.core.RemedyWording.shellWord(revision + ":" + name);
    if (r.table().equals(ReviewedSchema.TABLE)) {
      return ReviewedSchema.fix(r, "`" + show + "`");
    }
    if (r.rule().startsWith(RULE_TABLE_PREFIX) && r.rule().endsWith(RULE_TABLE_SUFFIX)) {
      return "undo the hand edit of this "
          + r.table()
          + " row ("
          + show
          + " shows the file as it was): these rows change only with an mlos upgrade, whose"
          + " migrations write them";
    }
    return switch (r.change()) {
      case "added" ->
          "delete line "
              + r.line()
              + " of "
              + name
              + " (a row added by hand), then add the row with mlos, whose compile writes "
              + name
              + " as the rules allow";
      case "removed" ->
          "put back the row's line "
              + r.baseLine()
              + " of `"
              + show
              + "` (it was removed by hand), then remove the row with mlos, as the rules allow";
      default ->
          "restore line "
              + r.line()
              + " to its version at "
              + revision
              + " (line "
              + r.baseLine()
              + " of `"
              + show
              + "`), then make the change with mlos, whose compile writes "
              + name
              + " as the rules allow";
    };
  }

  /** {@link GitCheckout#fileAt}'s answer: null bytes when git could not tell. */
  private static final class BaseBytes {
    final byte[] bytes;

    BaseBytes(java.util.Optional<byte[]> answer) {
      this.bytes = answer == null ? null : answer.orElse(new byte[0]);
    }
  }

  /**
   * Reviews the rows that differ between the text forms {@code base} (empty: no rows) and {@code
   * current}.
   *
   * @throws MlosException naming the side and line of a text that is not a text form
   */
  public static Result review(String base, String current) {
    return review(base, current, MergeRules.MAX_LOOKS);
  }

  static Result review(String base, String current, long budget) {
    try (MergeSide b = MergeSide.load("base", base, true);
        MergeSide c = MergeSide.load("current", current, false)) {
      return review(b, c, base, current, budget);
    } catch (SQLException e) {
      throw new MlosException(
          "mlos failed to review the database's text form: " + e.getMessage(),
          "report this as an mlos bug with both texts; until then review the file by hand",
          e);
    }
  }

  private static Result review(
      MergeSide base, MergeSide current, String baseText, String currentText, long budget)
      throws SQLException {
    boolean blank = base.schema.isEmpty();
    List<Refusal> schema =
        ReviewedSchema.refusals(current.schemaDifferences(), currentText, baseText);
    if (!schema.isEmpty()) {
      return new Result(schema, schema.size(), List.of(), "", "mlos.db.sql");
    }
    if (!MergeRules.hasTriggers(current.otherSchema)) {
      return new Result(List.of(), 0, List.of(), "", "mlos.db.sql");
    }
    if (!blank && differ(base, current) && !base.migrations.equals(current.migrations)) {
      // With the same migrations, only the workspace's own objects differ (a table added with
      // sqlite3): the rows are judged under the current text's rules as they are. Taken unjudged,
      // one crafted CREATE TABLE beside a hand edit carried the edit past every rule (the pull and
      // init check the migrations' own objects, SchemaIntegrity).
      // An mlos upgrade in between: the base brought to the current migrations, as init brings a
      // clone's database, is what the current rows were changed from.
      String up = BaseUpgrade.text(base, current);
      if (up == null) {
        return new Result(List.of(), 0, List.of(NOT_CHECKED), "", "mlos.db.sql");
      }
      try (MergeSide upgradedBase = MergeSide.load("base", up, true)) {
        if (differ(upgradedBase, current)) {
          return new Result(List.of(), 0, List.of(NOT_CHECKED), "", "mlos.db.sql");
        }
        return review(upgradedBase, current, baseText, currentText, budget);
      }
    }
    Diff diff = diff(base, current, blank);
    List<MergeRules.Change> changes = diff.changes();
    List<MergeRules.Change> ruleRows = diff.ruleRows();
    if (changes.isEmpty() && ruleRows.isEmpty()) {
      return new Result(List.of(), 0, List.of(), "", "mlos.db.sql");
    }
    // The base's counters, as the engine found them: the history walked in its order hands out
    // the ids it handed out, so a row a trigger wrote (a task's derived_from edge) gets the id
    // its line has.
    Map<String, Long> highWater = new LinkedHashMap<>();
    for (TableShape t : current.tables) {
      if (t.integerKey()) {
        highWater.put(t.name(), blank ? 0 : base.highWater(t.name()));
      }
    }
    List<String> rows = new ArrayList<>();
    if (blank) {
      // The compile record, and the tables of kinds the migrations fill (keyed by their values:
      // relationship_kinds, task_transitions), which the triggers read while the history is
      // walked; every other row is judged, or written by the triggers as the judged rows go in.
      for (TableShape t : current.tables) {
        if (TextMerge.DERIVED.contains(t.name()) || (MergeRules.replayable(t) && given(t))) {
          rows.addAll(current.rows(t.name()).values());
        }
      }
    } else {
      rows = base.lines(current.tables);
    }
    MergeRules.Snapshot on =
        new MergeRules.Snapshot(current.tableStatements, rows, current.otherSchema);
    Map<MergeRules.Change, String> refused = ruleRowsRefused(ruleRows);
    if (!changes.isEmpty()) {
      refused.putAll(
          MergeRules.judge(
              on, HistorySteps.since(base, current, blank), changes, highWater, budget));
    }
    return result(
        refused,
        changes.size() + ruleRows.size(),
        lines(currentText.lines(), refused.keySet(), true),
        lines(baseText.lines(), refused.keySet(), false));
  }

  /**
   * The changed rows of tables of kinds, each refused as such: they are rules, not replayed. A map
   * the judged rows' refusals are added to, in order.
   */
  static Map<MergeRules.Change, String> ruleRowsRefused(List<MergeRules.Change> ruleRows) {
    Map<MergeRules.Change, String> refused = new LinkedHashMap<>();
    for (MergeRules.Change ch : ruleRows) {
      refused.put(ch, RULE_TABLE_PREFIX + ch.table().name() + RULE_TABLE_SUFFIX);
    }
    return refused;
  }

  /**
   * The rows that differ between {@code base} and {@code current}, as the review judges them.
   *
   * @param changes the rows replayed through the triggers
   * @param ruleRows the rows of tables of kinds, refused as such
   */
  record Diff(List<MergeRules.Change> changes, List<MergeRules.Change> ruleRows) {}

  /**
   * The replayable rows that differ between the two sides (a row that differs only in {@code
   * updated_at} is the same row), in the order of {@code current}'s tables: each side's changed
   * rows first, then the rows only {@code base} has.
   */
  static Diff diff(MergeSide base, MergeSide current, boolean blank) throws SQLException {
    List<MergeRules.Change> changes = new ArrayList<>();
    List<MergeRules.Change> ruleRows = new ArrayList<>();
    for (TableShape t : current.tables) {
      if (!MergeRules.replayable(t) || (blank && given(t))) {
        continue;
      }
      // A table of kinds (need_transitions, relationship_kinds) holds rules the triggers read, and
      // only a migration writes it: a row of it changed by hand is refused as such, never replayed
      // (it would change the rules the other rows are judged by).
      List<MergeRules.Change> into = given(t) ? ruleRows : changes;
      Map<String, String> b = base.rows(t.name());
      Map<String, String> c = current.rows(t.name());
      for (Map.Entry<String, String> row : c.entrySet()) {
        String bl = b.get(row.getKey());
        String cl = row.getValue();
        if (!Objects.equals(bl, cl) && !t.sameButUpdatedAt(bl, cl)) {
          into.add(new MergeRules.Change(t, row.getKey(), bl, cl));
        }
      }
      for (Map.Entry<String, String> row : b.entrySet()) {
        if (!c.containsKey(row.getKey())) {
          into.add(new MergeRules.Change(t, row.getKey(), row.getValue(), null));
        }
      }
    }
    return new Diff(changes, ruleRows);
  }

  /**
   * The review's result for the changes {@code refused} (with what refused them), of {@code judged}
   * judged rows, with their lines in the current text and the base ({@link #lines}).
   */
  static Result result(
      Map<MergeRules.Change, String> refused,
      int judged,
      Map<String, Integer> currentLines,
      Map<String, Integer> baseLines) {
    List<Refusal> out = new ArrayList<>();
    refused.forEach(
        (ch, rule) ->
            out.add(
                new Refusal(
                    ch.after() == null ? 0 : line(currentLines, ch, ch.after()),
                    ch.before() == null ? 0 : line(baseLines, ch, ch.before()),
                    ch.table().name(),
                    ch.key(),
                    ch.before() == null ? "added" : ch.after() == null ? "removed" : "changed",
                    rule)));
    out.sort(
        Comparator.comparingInt((Refusal r) -> r.line() == 0 ? Integer.MAX_VALUE : r.line())
            .thenComparingInt(Refusal::baseLine));
    return new Result(out, judged, List.of(), "", "mlos.db.sql");
  }

  private static boolean differ(MergeSide a, MergeSide b) {
    return !MergeSide.sameSchema(a, b) || !a.migrations.equals(b.migrations);
  }

  /**
   * True for a table of kinds rather than things (keyed by its values, not by an id), taken as the
   * text gives it when there is no base: the triggers read it from the first row on.
   */
  private static boolean given(TableShape t) {
    return !t.integerKey();
  }

  /**
   * The line (from 1) of each refused change's row in {@code text}: by the whole line, or, for a
   * line written otherwise than a compile writes it, by its table and integer key.
   */
  static Map<String, Integer> lines(
      java.util.stream.Stream<String> text, Set<MergeRules.Change> changes, boolean after) {
    Set<String> wanted = new java.util.HashSet<>();
    for (MergeRules.Change ch : changes) {
      String l = after ? ch.after() : ch.before();
      if (l != null) {
        wanted.add(l);
        if (ch.table().integerKey()) {
          wanted.add(prefix(ch));
        }
      }
    }
    Map<String, Integer> out = new HashMap<>();
    int n = 0;
    for (String line : (Iterable<String>) text::iterator) {
      n++;
      if (wanted.contains(line)) {
        out.putIfAbsent(line, n);
      }
      int open = line.indexOf("VALUES(");
      int comma = open < 0 ? -1 : line.indexOf(',', open);
      if (comma > 0) {
        String head = line.substring(0, comma + 1);
        if (wanted.contains(head)) {
          out.putIfAbsent(head, n);
        }
      }
    }
    return out;
  }

  private static String prefix(MergeRules.Change ch) {
    return "INSERT INTO " + TableShape.ident(ch.table().name()) + " VALUES(" + ch.key() + ",";
  }

  private static int line(Map<String, Integer> lines, MergeRules.Change ch, String row) {
    Integer at = lines.get(row);
    if (at == null && ch.table().integerKey()) {
      at = lines.get(prefix(ch));
    }
    return at == null ? 0 : at;
  }
}
