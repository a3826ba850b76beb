package dev.mlos.cli;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The description and the command list of {@code --help}, wrapped at spaces only and never inside a
 * command in backticks ({@code `mvn mlos:guard`}). picocli wraps where Java's line breaker allows,
 * after a ':' too, so {@code mvn mlos:guard} came out as {@code mvn mlos:} and {@code guard} on two
 * lines, and a user copying the command got half of it.
 */
final class UnbrokenCommands {
  /** How far the command list indents its names, and how much more its continuation lines. */
  private static final int INDENT = 2;

  private UnbrokenCommands() {}

  /** Puts the two sections' renderers on {@code cl} and every command under it. */
  static void install(CommandLine cl) {
    Map<String, CommandLine.IHelpSectionRenderer> sections = cl.getHelpSectionMap();
    sections.put(UsageMessageSpec.SECTION_KEY_DESCRIPTION, UnbrokenCommands::description);
    sections.put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, UnbrokenCommands::commandList);
    cl.setHelpSectionMap(sections);
    for (CommandLine sub : cl.getSubcommands().values()) {
      install(sub);
    }
  }

  private static String description(Help help) {
    StringBuilder out = new StringBuilder();
    // picocli leaves the last column free: lines of at most width - 1 characters.
    int width = help.commandSpec().usageMessage().width() - 1;
    for (String line : help.commandSpec().usageMessage().description()) {
      for (String paragraph : formatted(line).split("\\R", -1)) {
        for (String l : wrap(paragraph, width)) {
          out.append(l).append(System.lineSeparator());
        }
      }
    }
    return out.toString();
  }

  private static String commandList(Help help) {
    Map<Help, String> subs = new IdentityHashMap<>();
    List<Help> order = new ArrayList<>();
    for (Map.Entry<String, Help> e : help.subcommands().entrySet()) {
      Help sub = e.getValue();
      if (!sub.commandSpec().usageMessage().hidden() && !subs.containsKey(sub)) {
        subs.put(sub, sub.commandSpec().name());
        order.add(sub);
      }
    }
    if (order.isEmpty()) {
      return "";
    }
    int names = subs.values().stream().mapToInt(String::length).max().orElse(0);
    int column = INDENT + names + 2;
    int width = help.commandSpec().usageMessage().width() - 1;
    StringBuilder out = new StringBuilder();
    for (Help sub : order) {
      String name = subs.get(sub);
      List<String> lines = wrapFirst(summary(sub.commandSpec().usageMessage()), width, column);
      out.append(" ".repeat(INDENT))
          .append(name)
          .append(" ".repeat(column - INDENT - name.length()))
          .append(lines.isEmpty() ? "" : lines.get(0))
          .append(System.lineSeparator());
      for (String l : lines.subList(Math.min(1, lines.size()), lines.size())) {
        out.append(" ".repeat(column + INDENT)).append(l).append(System.lineSeparator());
      }
    }
    return out.toString();
  }

  /** What the command list says of a command: its header's first line, else its description's. */
  private static String summary(UsageMessageSpec usage) {
    String[] lines = usage.header().length > 0 ? usage.header() : usage.description();
    return lines.length == 0 ? "" : formatted(lines[0]).replaceAll("\\R", " ");
  }

  /** A line of help text as picocli formats it ({@code %n}, {@code %%}). */
  private static String formatted(String line) {
    try {
      return String.format(line);
    } catch (java.util.IllegalFormatException e) {
      return line;
    }
  }

  /** {@code text} in lines of at most {@code width} characters, the first after {@code column}. */
  private static List<String> wrapFirst(String text, int width, int column) {
    // One space between words, as wrap joins them: the rest is then cut where the first line ends.
    text = wrap(text, Integer.MAX_VALUE).get(0);
    List<String> first = wrap(text, width - column);
    if (first.size() <= 1) {
      return first;
    }
    List<String> lines = new ArrayList<>();
    lines.add(first.get(0));
    String rest = text.substring(first.get(0).length()).strip();
    lines.addAll(wrap(rest, width - column - INDENT));
    return lines;
  }

  /**
   * {@code text} in lines of at most {@code width} characters, broken at spaces outside backticks
   * only; a word or a command longer than the line has a line of its own.
   */
  static List<String> wrap(String text, int width) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '`') {
        quoted = !quoted;
      }
      if (c == ' ' && !quoted) {
        if (!word.isEmpty()) {
          words.add(word.toString());
          word.setLength(0);
        }
      } else {
        word.append(c);
      }
    }
    if (!word.isEmpty()) {
      words.add(word.toString());
    }
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String w : words) {
      if (!line.isEmpty() && line.length() + 1 + w.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.isEmpty() ? "" : " ").append(w);
    }
    if (!line.isEmpty() || lines.isEmpty()) {
      lines.add(line.toString());
    }
    return lines;
  }
}
