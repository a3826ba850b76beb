package dev.mlos.core.dbtext;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.db.Database;
import dev.mlos.core.db.SqlScript;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.write.AtomicWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * Builds a database from its text form ({@link DatabaseText#restore}), reading the file as a
 * stream: at 100,000 needs it is about 680 MB, and only about 1 MB of it is held at a time ({@link
 * SqlScript#forEach}). Only the statements a text form is made of run ({@link StatementKind}); the
 * first line must be the mlos header, so no other file is ever read as SQL.
 */
public final class TextFormRestore {
  private TextFormRestore() {}

  /**
   * Builds {@code database} from {@code textFile}, then, when {@code stateDirectory} is not null,
   * keeps the bytes it restored as the base, so the next compile knows the file as mlos's own.
   *
   * @throws MlosException naming the text file and the line of the statement that failed
   */
  static void restore(Path textFile, Path database, Path stateDirectory) {
    String restored = restoreFrom(TextFormLink.refused(textFile), database);
    if (stateDirectory != null) {
      keepAsBase(textFile, DatabaseText.baseFileOf(stateDirectory, database), restored);
    }
  }

  /**
   * Copies the text form to its base unless the base holds those bytes already; only a copy whose
   * SHA-256 is {@code restored} (the bytes the database was built from) is kept.
   */
  private static void keepAsBase(Path text, Path base, String restored) {
    try {
      if (Files.isRegularFile(base) && Sha256.ofFile(base).equals(restored)) {
        return;
      }
      AtomicWriter.StreamedFile copy = AtomicWriter.open(base);
      try {
        MessageDigest digest = Sha256.newDigest();
        try (OutputStream out = new DigestOutputStream(copy.stream(), digest)) {
          Files.copy(text, out);
        }
        if (HexFormat.of().formatHex(digest.digest()).equals(restored)) {
          copy.commit();
        }
      } finally {
        copy.abandon();
      }
    } catch (IOException e) {
      // Without a base the next compile compares the text form with the database's dump instead.
    }
  }

  /** A failure to read the text form itself, told apart from one of building the database. */
  private static final class Unreadable extends java.io.UncheckedIOException {
    Unreadable(IOException cause) {
      super(cause);
    }
  }

  /**
   * The text form as characters, read as a stream (never held whole: at 100,000 needs it is about
   * 680 MB) through {@code digest}; malformed UTF-8 is an error, as in {@link Files#readString}.
   */
  private static Reader reader(Path textFile, MessageDigest digest) throws IOException {
    Reader in =
        new InputStreamReader(
            new DigestInputStream(Files.newInputStream(textFile), digest),
            StandardCharsets.UTF_8.newDecoder());
    return new java.io.FilterReader(in) {
      @Override
      public int read(char[] buf, int off, int len) {
        try {
          return super.read(buf, off, len);
        } catch (IOException e) {
          throw new Unreadable(e);
        }
      }

      @Override
      public int read() {
        try {
          return super.read();
        } catch (IOException e) {
          throw new Unreadable(e);
        }
      }
    };
  }

  /** How many characters {@link #firstChars} reads: a header line and its line break. */
  private static final int FIRST = DatabaseText.OLDER_HEADER.length() + 2;

  /** The first characters of {@code in} (at most {@link #FIRST}), put back to be read again. */
  private static String firstChars(java.io.PushbackReader in) throws IOException {
    char[] first = new char[FIRST];
    int n = 0;
    int r;
    while (n < first.length && (r = in.read(first, n, first.length - n)) > 0) {
      n += r;
    }
    if (n > 0) {
      in.unread(first, 0, n);
    }
    return new String(first, 0, n);
  }

  private static MlosException unreadable(Path textFile, IOException e) {
    if (e instanceof java.nio.charset.CharacterCodingException) {
      return TextFiles.notUtf8(textFile, e); // was "Input length = 1", fix: check its permissions
    }
    return new MlosException(
        "Cannot read the database's text form " + textFile + ": " + e.getMessage(),
        "check its permissions",
        e);
  }

  /** Builds the database, streaming the text form; returns the SHA-256 of the bytes read. */
  private static String restoreFrom(Path textFile, Path database) {
    MessageDigest digest = Sha256.newDigest();
    try (java.io.PushbackReader text =
        new java.io.PushbackReader(reader(textFile, digest), FIRST)) {
      String first = firstChars(text);
      if (!DatabaseText.startsWithHeader(first)
          && DatabaseText.startsWithHeader(first.replace("\r\n", "\n"))) {
        // git on Windows without `eol=lf` for this file (core.autocrlf): every line ends in CRLF.
        throw TextFiles.crlf(textFile);
      }
      if (!DatabaseText.startsWithHeader(first)) {
        throw new UnrestorableLineException(
            textFile,
            1,
            "is not an mlos database text form (its first line is not the mlos header)",
            "restore it from git (`git checkout -- "
                + textFile.getFileName()
                + "`), or delete it to start with an empty database",
            null);
      }
      if (database == null) {
        check(textFile, text);
      } else {
        restore(textFile, text, database);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (Unreadable e) {
      throw unreadable(textFile, e.getCause());
    } catch (IOException e) {
      throw unreadable(textFile, e);
    }
  }

  private static void restore(Path textFile, Reader text, Path database) {
    Path temp =
        database.resolveSibling(database.getFileName() + AtomicWriter.TEMP_MARKER + "restore");
    try {
      Files.deleteIfExists(temp);
      try (Connection c = Database.at(temp).open(true);
          Statement s = c.createStatement();
          RowInserts rows = new RowInserts(c)) {
        s.execute("PRAGMA foreign_keys = OFF");
        long textBytes = Files.size(textFile);
        GrowthBound.apply(c, textBytes);
        c.setAutoCommit(false);
        boolean[] schemaSeen = {false};
        SqlScript.forEach(text, st -> run(s, rows, textFile, st, false, schemaSeen, textBytes));
        // The rows were restored before the triggers existed; this one statement lets them compute
        // ready work.
        ReadyWorkRebuild.run(c, textFile, textBytes);
        c.commit();
      }
      Files.move(temp, database, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (SQLException | IOException e) {
      throw new MlosException(
          "Cannot build " + database + " from " + textFile + ": " + e.getMessage(),
          "check that the directory is writable",
          e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort: a left temp file is named with the temp marker, and is overwritten next time
      }
    }
  }

  /**
   * The first line of {@code textFile} that a rebuild or a pull refuses, with the words they refuse
   * it with, found without building the database: its schema statements run in a database in
   * memory, and each row line is read and checked against its table ({@link RowInserts#check}), not
   * inserted. So a value that is no literal, a line SQLite cannot read, a statement a text form
   * never holds and bytes that are not UTF-8 are found; two lines of one row (a key used twice) are
   * not, as no row is written.
   *
   * @return the line, or null when there is none
   * @throws MlosException when the file cannot be read (broken, not a line to fix)
   */
  public static UnrestorableLineException firstUnrestorable(Path textFile) {
    try {
      restoreFrom(TextFormLink.refused(textFile), null);
      return null;
    } catch (UnrestorableLineException e) {
      return e;
    }
  }

  /** Runs each statement of {@code text} as {@link #run} checks it, in a database in memory. */
  private static void check(Path textFile, Reader text) throws IOException {
    try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite::memory:");
        Statement s = c.createStatement();
        RowInserts rows = new RowInserts(c)) {
      long textBytes = Files.size(textFile);
      GrowthBound.apply(c, textBytes);
      boolean[] schemaSeen = {false};
      SqlScript.forEach(text, st -> run(s, rows, textFile, st, true, schemaSeen, textBytes));
    } catch (SQLException e) {
      throw new MlosException(
          "Cannot check " + textFile + " in a database in memory: " + e.getMessage(),
          "this is a failure of mlos, not of the file: please report it",
          e);
    }
  }

  /**
   * Runs one statement of a text form being restored, refusing any it never holds; with {@code
   * checkOnly}, a row line is checked ({@link RowInserts#check}), not inserted. {@code
   * schemaSeen[0]} becomes true at the first index, trigger or view: a table or row after it is
   * refused, as a text form writes them last so that no trigger fires while rows are restored (a
   * hostile file's trigger placed before the rows ran on each of them, without bound). A statement
   * that grows the database past {@link GrowthBound} of {@code textBytes} is refused with its line.
   */
  private static void run(
      Statement s,
      RowInserts rows,
      Path textFile,
      SqlScript.Statement st,
      boolean checkOnly,
      boolean[] schemaSeen,
      long textBytes) {
    if (StatementKind.of(st.sql()) == StatementKind.OTHER) {
      if (ConflictMarks.startsWithMarker(st.sql())) {
        // A merge whose conflict was committed unresolved: say so, not "not a statement".
        String first = st.sql().stripLeading();
        String marker = first.lines().findFirst().orElse(first);
        throw new UnrestorableLineException(
            textFile,
            st.line(),
            ConflictMarks.found(marker, "a merge's conflict was committed without being resolved")
                .substring(2),
            ConflictMarks.fix(marker),
            null);
      }
      throw new UnrestorableLineException(
          textFile,
          st.line(),
          StatementKind.whyNot(st.sql()),
          "restore the file from git; a text form holds only CREATE statements (a table with its columns),"
              + " row inserts, the sqlite_sequence"
              + " lines and PRAGMA user_version",
          null);
    }
    StatementKind kind = StatementKind.of(st.sql());
    if (kind == StatementKind.SCHEMA) {
      schemaSeen[0] = true;
    } else if (schemaSeen[0] && kind != StatementKind.USER_VERSION) {
      throw new UnrestorableLineException(
          textFile,
          st.line(),
          "is a table or row after the indexes, triggers and views, which a text form writes last,"
              + " after every row, so that no trigger runs while the rows are restored: "
              + MlosException.quoted(st.sql()),
          "restore the file from git; if it was merged by hand, move the line up among the rows of"
              + " its table",
          null);
    }
    try {
      if (checkOnly && (kind == StatementKind.ROW || kind == StatementKind.SEQUENCE)) {
        rows.check(st.sql());
      } else if (kind == StatementKind.ROW || kind == StatementKind.SEQUENCE) {
        rows.run(st.sql()); // literals only: a value that is an expression is refused
      } else {
        s.execute(st.sql());
      }
    } catch (SQLException e) {
      if (StatementKind.of(st.sql()) == StatementKind.ROW
          && String.valueOf(e.getMessage()).contains("UNIQUE constraint failed")) {
        throw twoLinesOfOneRow(textFile, st, e);
      }
      if (GrowthBound.reached(e, checkOnly ? null : textFile.toAbsolutePath().getParent())) {
        throw new UnrestorableLineException(
            textFile,
            st.line(),
            GrowthBound.why(textBytes),
            "restore the file from git; if the workspace's own schema in it is meant, make that"
                + " index, column or trigger store no more than its rows hold",
            e);
      }
      throw new UnrestorableLineException(
          textFile,
          st.line(),
          "cannot be restored: " + e.getMessage(),
          "restore the file from git; if it was merged by hand, fix that line",
          e);
    }
  }

  /**
   * A row whose key an earlier line already used: what a merge conflict resolved by hand with both
   * sides kept leaves (both versions of one need under its id). Said so, with the earlier line when
   * it is found (rows keyed by their first value, as every mlos table with an id is), since "fix
   * that line" alone left the user to guess that the other line is the one to weigh it against.
   */
  private static MlosException twoLinesOfOneRow(
      Path textFile, SqlScript.Statement st, SQLException e) {
    String sql = st.sql();
    int open = sql.indexOf("VALUES(");
    int comma = open < 0 ? -1 : sql.indexOf(',', open);
    String prefix = comma < 0 ? null : sql.substring(0, comma + 1);
    int earlier = 0;
    if (prefix != null) {
      // Read again only on this failure: the restore itself streams and keeps no line index.
      try (java.io.BufferedReader r = Files.newBufferedReader(textFile, StandardCharsets.UTF_8)) {
        String line;
        for (int n = 1; n < st.line() && (line = r.readLine()) != null; n++) {
          if (line.startsWith(prefix)) {
            earlier = n;
            break;
          }
        }
      } catch (IOException unreadable) {
        earlier = 0;
      }
    }
    String where = earlier > 0 ? "line " + earlier : "an earlier line";
    return new UnrestorableLineException(
            textFile,
            st.line(),
            "cannot be restored: "
                + e.getMessage()
                + ": "
                + where
                + " holds a row with the same key ("
                + MlosException.quoted(sql.length() > 80 ? sql.substring(0, 80) + "..." : sql)
                + "), two lines for one row, as a merge conflict resolved by keeping both sides leaves",
            "keep one of the two lines (delete line "
                + st.line()
                + (earlier > 0 ? " or line " + earlier : " or the earlier one")
                + "), commit the file and run {0} again; a conflict in the text form is resolved by"
                + " keeping one line per block",
            e)
        .suggesting(Remedy.init());
  }
}
