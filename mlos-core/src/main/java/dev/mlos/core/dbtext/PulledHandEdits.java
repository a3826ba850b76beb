package dev.mlos.core.dbtext;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The rows a pull takes as the pulled file has them (the database had no change of its own) go into
 * the database as a rebuild does, past its triggers. A row someone edited by hand in the file (a
 * need moved {@code identified -> resolved}) would so land without a rule ever judging it, where
 * only CI's {@code check-text} would have caught it. So those rows are first judged as {@code
 * check-text} judges a pull request ({@link TextFormReview#review(String, String)}): the rows that
 * differ from the text form mlos last wrote, replayed through the triggers onto a copy of the
 * database, which holds the rows of that text form ({@link ChangedRowsReplay}).
 */
public final class PulledHandEdits {
  private PulledHandEdits() {}

  /**
   * Refused: rows of the pulled file that break a rule of the database. Nothing was changed (rule
   * {@value TextFormReview#RULE}).
   */
  public static final class RefusedException extends MlosException {
    private final List<String> rows;

    RefusedException(Path text, List<String> rows) {
      super(
          "The pulled "
              + text.getFileName()
              + " holds rows changed by hand that break rules the database enforces; nothing was"
              + " changed (rule "
              + TextFormReview.RULE
              + "): "
              + String.join("; ", rows),
          "undo those hand edits in "
              + text.getFileName()
              + " (git log -p -- "
              + dev.mlos.core.RemedyWording.shellWord(text.getFileName().toString())
              + " shows who made them), or have their author make the changes with mlos, then"
              + " run {0} again");
      suggesting(Remedy.pullTextForm());
      this.rows = List.copyOf(rows);
    }

    /** The refused rows, one line each: the file's line, the rule, the row. */
    public List<String> rows() {
      return rows;
    }

    /** The rule's id, {@value TextFormReview#RULE}. */
    public String rule() {
      return TextFormReview.RULE;
    }
  }

  /**
   * Judges the rows of {@code text} that differ from {@code baseFile} (the text form mlos last
   * wrote, whose rows the database open on {@code db} holds, inside the pull's transaction): on a
   * copy of the database at {@code scratch} ({@link ChangedRowsReplay}), or, when the texts'
   * schemas differ (an mlos upgrade in between), as {@code check-text} judges them. Returns a note
   * when they could not be judged (a schema this mlos cannot judge, or texts of another schema too
   * large for this process's memory), else null.
   *
   * @throws RefusedException when a row breaks a rule
   */
  static String check(Connection db, Path text, Path baseFile, Path scratch)
      throws IOException, SQLException {
    TextFormReview.Result r =
        ChangedRowsReplay.review(db, baseFile, text, scratch, MergeRules.MAX_LOOKS);
    if (r == null) {
      long largest = Math.max(Files.size(text), Files.size(baseFile));
      long maxHeap = Runtime.getRuntime().maxMemory();
      if (maxHeap != Long.MAX_VALUE && largest * TextFiles.MERGE_HEAP_PER_BYTE > maxHeap) {
        return "The pulled rows were not judged against the database's rules: "
            + text.getFileName()
            + " has another schema than the text form mlos last wrote (an mlos upgrade in"
            + " between), and judging them then holds both texts, more than this Java process's"
            + " memory holds; CI's check-text reviews a pull request's hand edits (docs/ci.md)";
      }
      r =
          TextFormReview.review(
              Files.readString(baseFile, StandardCharsets.UTF_8),
              Files.readString(text, StandardCharsets.UTF_8));
    }
    r = r.at("mlos last wrote it", text.getFileName().toString());
    if (!r.refusals().isEmpty()) {
      throw new RefusedException(text, r.refusals().stream().map(r::headline).toList());
    }
    return r.notes().isEmpty() ? null : String.join("; ", r.notes());
  }
}
