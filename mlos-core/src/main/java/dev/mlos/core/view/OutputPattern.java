package dev.mlos.core.view;

import dev.mlos.core.MlosException;
import dev.mlos.core.hash.Sha256;
import dev.mlos.core.path.Slug;
import dev.mlos.core.path.WorkspacePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A view's output path, with {@code {column}} placeholders filled from a row. Every substituted
 * value is slugged (lower-case ASCII, '-' separated, at most {@value #MAX_SEGMENT} characters), so
 * a title such as {@code ../../etc/passwd} can never leave the workspace or make an odd file name.
 * A value with no ASCII letter or digit left becomes {@value Slug#UNTITLED}; where the placeholder
 * is a whole name by itself ({@code sessions/{id}.md}), nothing else in the name tells two such
 * rows apart (the runtime-memory sessions {@code ---} and {@code שלום 🎉} both wrote {@code
 * sessions/untitled.md}), so there it becomes {@code untitled-} and the first 8 hex digits of the
 * value's SHA-256 ({@link #untitled}).
 */
public final class OutputPattern {
  /** Longest slug a single placeholder contributes. */
  public static final int MAX_SEGMENT = 60;

  private final String view;
  private final String pattern;
  // The pattern parsed once: literals[i] comes before columns[i], the last literal after the last
  // column; capacity is the length of a path with every placeholder at its longest.
  private final String[] literals;
  private final String[] columnArray;
  private final List<String> columns;
  // wholeName[i]: columns[i] is a file or directory name by itself, between the start or a '/'
  // and a '.', a '/' or the end.
  private final boolean[] wholeName;
  private final int capacity;

  public OutputPattern(String view, String pattern) {
    this.view = view;
    this.pattern = pattern;
    List<String> literals = new ArrayList<>();
    List<String> columns = new ArrayList<>();
    int i = 0;
    StringBuilder lit = new StringBuilder();
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '{') {
        int end = pattern.indexOf('}', i);
        if (end < 0) {
          throw new MlosException(
              "View '" + view + "': output '" + pattern + "' has a '{' without '}'",
              "close the placeholder, e.g. {id}");
        }
        String col = pattern.substring(i + 1, end).trim();
        if (col.isEmpty()) {
          throw new MlosException(
              "View '" + view + "': output '" + pattern + "' has an empty {}",
              "name a column, e.g. {id}");
        }
        literals.add(lit.toString());
        lit.setLength(0);
        columns.add(col);
        i = end + 1;
      } else {
        lit.append(c);
        i++;
      }
    }
    literals.add(lit.toString());
    this.literals = literals.toArray(new String[0]);
    this.columnArray = columns.toArray(new String[0]);
    this.columns = List.copyOf(columns);
    wholeName = new boolean[columnArray.length];
    for (int k = 0; k < columnArray.length; k++) {
      String before = this.literals[k];
      String after = this.literals[k + 1];
      wholeName[k] =
          (k == 0 ? before.isEmpty() || before.endsWith("/") : before.endsWith("/"))
              && (k == columnArray.length - 1 && after.isEmpty()
                  || after.startsWith("/")
                  || after.startsWith("."));
    }
    int fixed = 0;
    for (String l : this.literals) {
      fixed += l.length();
    }
    capacity = fixed + columnArray.length * MAX_SEGMENT;
  }

  public String pattern() {
    return pattern;
  }

  /** The columns the pattern reads, in order. */
  public List<String> columns() {
    return columns;
  }

  public boolean hasPlaceholders() {
    return !columns.isEmpty();
  }

  /**
   * Where this pattern's files go, relative to the output directory ("" for the output directory
   * itself): the directory of the pattern when it has no placeholder, else the literal directory
   * before the first placeholder.
   */
  public String directory() {
    int slash = literals[0].lastIndexOf('/');
    if (columnArray.length == 0 || pattern.lastIndexOf('/') < literals[0].length()) {
      slash = pattern.lastIndexOf('/');
    }
    return slash < 0 ? "" : pattern.substring(0, slash);
  }

  /** True when placeholders make the subdirectories below {@link #directory()} vary per row. */
  public boolean directoryVaries() {
    return columnArray.length > 0 && pattern.lastIndexOf('/') >= literals[0].length();
  }

  /**
   * The workspace-relative path for {@code row}.
   *
   * @throws MlosException when the row lacks a column the pattern names
   */
  public WorkspacePath apply(Map<String, ?> row) {
    StringBuilder out = new StringBuilder(capacity).append(literals[0]);
    for (int i = 0; i < columnArray.length; i++) {
      String col = columnArray[i];
      Object value = row.get(col);
      if (value == null && !row.containsKey(col)) {
        throw new MlosException(
            "View '"
                + view
                + "': output '"
                + pattern
                + "' uses {"
                + col
                + "} but the row has no column '"
                + col
                + "' (it has: "
                + String.join(", ", row.keySet())
                + ")",
            "select a column named '"
                + col
                + "' in the view's main query, or change the output pattern");
      }
      int start = out.length();
      String text = text(value);
      String slug = Slug.bare(text, MAX_SEGMENT);
      out.append(slug.isEmpty() ? (wholeName[i] ? untitled(text) : Slug.UNTITLED) : slug);
      if (reservedOnWindows(out, start, literals[i + 1])) {
        // CON, NUL, COM1...: Windows opens the device, whatever the extension (con.md is CON).
        out.append('_');
      }
      out.append(literals[i + 1]);
    }
    return WorkspacePath.of(out.toString());
  }

  /** Device names Windows reserves in every directory, with or without an extension. */
  private static final Set<String> WINDOWS_DEVICES =
      Set.of(
          "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
          "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
          "com0", "lpt0");

  /**
   * True when {@code name} is a Windows device name before its first dot ({@code con}, {@code
   * aux.md}, {@code LPT1.txt}): Windows opens the device instead of such a file.
   */
  public static boolean isWindowsDevice(String name) {
    int dot = name.indexOf('.');
    String base = dot < 0 ? name : name.substring(0, dot);
    return WINDOWS_DEVICES.contains(base.toLowerCase(Locale.ROOT));
  }

  /**
   * True when the file name being built is a Windows device name before its first dot: the
   * segment's text up to the value just appended at {@code valueStart}, the value, and the
   * pattern's text after it up to a dot or '/'. Only names a row's value completes are changed; a
   * literal name in the pattern is the author's choice.
   */
  private static boolean reservedOnWindows(StringBuilder out, int valueStart, String following) {
    int segmentStart = out.lastIndexOf("/") + 1;
    int end = 0;
    while (end < following.length()
        && following.charAt(end) != '.'
        && following.charAt(end) != '/') {
      end++;
    }
    String name = out.substring(segmentStart) + following.substring(0, end);
    if (name.length() > 4 || valueStart == out.length() || name.indexOf('.') >= 0) {
      return false;
    }
    return WINDOWS_DEVICES.contains(name.toLowerCase(Locale.ROOT));
  }

  /**
   * The name of a value with no ASCII letter or digit left, where it is a whole name: {@code
   * untitled-} and the first 8 hex digits of the SHA-256 of the value's text (UTF-8), so two such
   * values get two names, the same on every machine ({@code ---} is {@code untitled-cb3f91d5}).
   */
  static String untitled(String text) {
    return Slug.UNTITLED + "-" + Sha256.of(text).substring(0, 8);
  }

  private static String text(Object value) {
    if (value == null) {
      return "none";
    }
    if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return Long.toString(d.longValue());
    }
    return value.toString();
  }
}
