package dev.mlos.cli;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * picocli's messages for a command line it cannot read, in mlos's words: a mistyped command gets
 * the command it was probably meant to be, an option before its command the order that works, a row
 * id that is not a number says so. Anything else keeps picocli's message.
 *
 * @param message the message after {@code error: }
 * @param hints lines after it, each printed as {@code hint: ...}
 * @param fix the line after it printed as {@code fix: ...} (a row id's: where such ids are listed),
 *     or null
 */
record ArgumentWords(String message, List<String> hints, String fix) {
  ArgumentWords(String message, List<String> hints) {
    this(message, hints, null);
  }

  /** The kinds of row whose ids {@link Remedy#findIds} finds. */
  private static final List<String> ROW_KINDS = List.of("need", "task", "artifact", "agent");

  /** The commands that finish a task, each with its own outcome. */
  private static final List<String> FINISHES =
      List.of("mlos task complete", "mlos task fail", "mlos task cancel");

  private static final Pattern KEY_VALUE =
      Pattern.compile(
          "Value for option option '([^']+)' \\(([^)]*)\\) should be in KEY=VALUE format but was"
              + " (.*)",
          Pattern.DOTALL);

  private static final List<Class<?>> WHOLE_NUMBERS =
      List.of(long.class, Long.class, int.class, Integer.class);

  /** The words for {@code e}, a bad command line {@code args} (the whole line, as typed). */
  static ArgumentWords of(ParameterException e, String[] args) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    // picocli starts some of its messages with its own "Error: ".
    message = message.startsWith("Error: ") ? message.substring(7) : message;
    List<String> hints = new ArrayList<>();
    if (e instanceof GraduateTasks.Refused r) {
      return new ArgumentWords(message, hints, r.fix());
    }
    CommandLine cl = e.getCommandLine();
    if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String first = u.getUnmatched().get(0);
      if (!first.startsWith("-") && !cl.getSubcommands().isEmpty()) {
        return notACommand(cl, first, u.getSuggestions());
      }
      if (first.startsWith("-") && !cl.getSubcommands().isEmpty()) {
        optionBeforeItsCommand(cl, first, args, hints);
      } else if (List.of("--reason", "--session").contains(first.split("=", 2)[0])) {
        hints.add(
            "`"
                + cl.getCommandSpec().qualifiedName()
                + "` only reads and records nothing in history: --reason and --session go with"
                + " the commands that write");
      } else if (first.split("=", 2)[0].equals("--status")
          && FINISHES.contains(cl.getCommandSpec().qualifiedName())) {
        // The MCP tool complete_task takes a status; on the command line each outcome is its own
        // command.
        hints.add(
            "a task's outcome is its command, not an option: `mlos task complete`, `mlos task"
                + " fail` or `mlos task cancel` (the MCP tool complete_task takes it as status)");
      } else if (first.startsWith("--") && cl.getCommandSpec().findOption(adding(first)) != null) {
        hints.add(addingHint(first, u.getSuggestions()));
      } else if (first.startsWith("-")
          && (nearestOption(cl, first) != null || !u.getSuggestions().isEmpty())) {
        String near = nearestOption(cl, first);
        hints.add("did you mean " + (near != null ? near : u.getSuggestions().get(0)) + "?");
      } else if (!first.startsWith("-")) {
        ArgumentWords split = SplitEndpoints.of(cl, args);
        if (split != null) {
          return split;
        }
        message =
            String.join(", ", u.getUnmatched().stream().map(MlosException::quoted).toList())
                + ": `"
                + cl.getCommandSpec().qualifiedName()
                + "` takes no more arguments";
        if (!cl.getCommandSpec().positionalParameters().isEmpty()) {
          hints.add("a value with spaces goes in quotes, as one argument: 'two words'");
        }
      }
      return new ArgumentWords(message, hints);
    }
    ArgSpec arg = e.getArgSpec();
    String value = e.getValue();
    if (arg != null && value != null && WHOLE_NUMBERS.contains(arg.type())) {
      String kind = rowKind(arg);
      if (!value.equals(value.strip()) && WHOLE_NUMBER.matcher(value.strip()).matches()) {
        // ' 5' (a value pasted with its space, or quoted so): picocli takes no space around the
        // digits, and "is out of range" or "no need id is that large" named another mistake.
        return new ArgumentWords(
            optionName(arg)
                + " "
                + MlosException.quoted(value)
                + " is not a whole number: it has a space around its digits",
            hints,
            "write " + optionName(arg) + " without the space: " + value.strip());
      }
      return new ArgumentWords(
          notANumber(arg, value, kind),
          hints,
          // The way on from an id that does not exist, which a mistyped one is as much.
          kind == null ? rangeFix(arg) : CliSuggestions.INSTANCE.word(Remedy.findIds(kind)));
    }
    Matcher kv = KEY_VALUE.matcher(message);
    if (kv.matches()) {
      return new ArgumentWords(
          kv.group(1)
              + " "
              + MlosException.quoted(kv.group(3))
              + " is not of the form "
              + kv.group(2)
              + " (a key, '=', a value)",
          hints);
    }
    return new ArgumentWords(message, hints);
  }

  /**
   * The command's option nearest to {@code typed} by edit distance, when it is near enough (at most
   * a third of its length, at least 2): picocli's own first suggestion for {@code --remove-tags}
   * was {@code --reason}. Null when none is.
   */
  static String nearestOption(CommandLine cl, String typed) {
    String name = typed.split("=", 2)[0];
    if (name.length() > 64) {
      return null;
    }
    String best = null;
    int bestDistance = Math.max(2, name.length() / 3) + 1;
    for (String option : cl.getCommandSpec().optionsMap().keySet()) {
      if (!option.startsWith("--")) {
        continue;
      }
      int d = distance(name, option);
      if (d < bestDistance || (d == bestDistance && best != null && option.compareTo(best) < 0)) {
        best = option;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance: inserts, deletes and replacements of one character each. */
  private static int distance(String a, String b) {
    int[] row = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      row[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int diagonal = row[0];
      row[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int above = row[j];
        row[j] =
            Math.min(
                Math.min(row[j] + 1, row[j - 1] + 1),
                diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
        diagonal = above;
      }
    }
    return row[b.length()];
  }

  /** {@code --add-tag} for {@code --tag} (or {@code --tag=x}). */
  private static String adding(String option) {
    return "--add-" + option.split("=", 2)[0].substring(2);
  }

  /**
   * {@code need update --tag x}: the option that adds one (as {@code need create --tag} does), not
   * picocli's nearest name, {@code --tags}, which replaces them all.
   */
  private static String addingHint(String option, List<String> suggestions) {
    String hint = "did you mean " + adding(option) + "?";
    String near = suggestions.isEmpty() ? null : suggestions.get(0);
    return near == null || near.equals(adding(option))
        ? hint
        : hint + " (" + near + " replaces them all)";
  }

  /** Where the rows a {@code list} would show are, for the commands that have none. */
  /** What users of other tools type for a health check: {@code mlos guard} is mlos's. */
  private static final List<String> HEALTH_CHECKS = List.of("doctor", "check", "verify", "status");

  private static final java.util.Map<String, String> WHERE_LISTED =
      java.util.Map.of(
          "mlos need",
          "there is no list of needs: `mlos ready` ranks the open work (`--agent ID`: an agent's,"
              + " with the tasks it holds), `mlos search TEXT` finds needs by their text, and"
              + " `mlos compile` writes PROBLEM.md (every open need) and a page per need under"
              + " needs/",
          "mlos task",
          "there is no list of tasks: `mlos ready` ranks the open work (`--agent ID`: an agent's,"
              + " with the tasks it holds), `mlos need show ID` lists a need's tasks, `mlos search"
              + " TEXT` finds tasks by their text, and `mlos compile` writes PROBLEM.md and"
              + " READY.md",
          "mlos artifact",
          "there is no list of artifacts: `mlos search TEXT` finds artifacts by their text, and"
              + " `mlos compile` writes ARTIFACTS.md (every registered file)");

  /**
   * The verbs of the MCP tools (transition_need, get_need) the command line names otherwise: an
   * agent that knows the tools types them, and the nearest name by spelling is another operation
   * ({@code need transition} came out as {@code need graduate}, {@code task get} as {@code task
   * retry}), one that changes the row.
   */
  private static final java.util.Map<String, String> TOOL_VERBS =
      java.util.Map.of("transition", "move", "get", "show");

  private static ArgumentWords notACommand(CommandLine cl, String typed, List<String> suggestions) {
    String command = cl.getCommandSpec().qualifiedName();
    List<String> hints = new ArrayList<>();
    List<String> names = List.copyOf(cl.getSubcommands().keySet());
    String same = TOOL_VERBS.getOrDefault(typed, "");
    String near =
        names.contains(same)
            ? same
            : suggestions.stream().filter(names::contains).findFirst().orElse(null);
    String lists = typed.equals("list") || typed.equals("ls") ? WHERE_LISTED.get(command) : null;
    if (lists != null) {
      // The first guess of anyone used to gh or bd: a near name (`task start`) would mislead.
      hints.add(lists);
    } else if (command.equals("mlos") && HEALTH_CHECKS.contains(typed)) {
      // The first guess of anyone used to brew or flutter: the nearest spelling of `doctor` was
      // `history`, which checks nothing.
      hints.add(
          "mlos has no `"
              + typed
              + "`: `mlos guard` checks the workspace's files against the database (changes"
              + " nothing), and `mlos init` checks the database itself and brings it up to date");
    } else if (near != null) {
      hints.add("did you mean `" + command + " " + near + "`?");
    }
    hints.add("the commands of `" + command + "` are " + String.join(", ", names));
    return new ArgumentWords(
        MlosException.quoted(typed) + " is not a command of `" + command + "`", hints);
  }

  /**
   * An option the command does not have, typed before a subcommand that may have it ({@code mlos
   * --workspace /x ready}): options go after the command they belong to.
   */
  private static void optionBeforeItsCommand(
      CommandLine cl, String option, String[] args, List<String> hints) {
    int at = Arrays.asList(args).indexOf(option);
    int command = -1;
    for (int i = at + 1; at >= 0 && i < args.length; i++) {
      if (cl.getSubcommands().containsKey(args[i])) {
        command = i;
        break;
      }
    }
    String name = cl.getCommandSpec().qualifiedName();
    if (command < 0) {
      hints.add(
          "options such as "
              + option.split("=", 2)[0]
              + " go after the command they belong to: `"
              + name
              + " <command> "
              + option.split("=", 2)[0]
              + " ...`");
      return;
    }
    List<String> line = new ArrayList<>(List.of(name.split(" ")));
    line.addAll(Arrays.asList(args).subList(command, args.length));
    line.addAll(Arrays.asList(args).subList(at, command));
    // The words before the option are the command path already in `name`.
    hints.add(
        "options go after the command they belong to: "
            + dev.mlos.core.RemedyWording.code(
                String.join(" ", line.stream().map(ArgumentWords::shellWord).toList())));
  }

  /**
   * The kind of row whose id {@code arg} takes ({@code NEED_ID}: need; {@code --agent ID}: agent),
   * or null when it takes no row's id.
   */
  private static String rowKind(ArgSpec arg) {
    String label = arg.paramLabel();
    String kind =
        label.endsWith("_ID")
            ? label.substring(0, label.length() - 3).toLowerCase(java.util.Locale.ROOT)
            : label.equals("ID") && arg instanceof OptionSpec o
                ? o.longestName().replaceFirst("^--", "")
                : null;
    return kind != null && ROW_KINDS.contains(kind) ? kind : null;
  }

  /**
   * The fix of a whole number the option cannot take ({@code --priority high}, {@code --limit
   * 99999999999}): the range its label or help gives ({@code 1..5}, {@code 1..50}), or null when
   * they give none. A value just past the range got the range from the engine, one too large to
   * hold only "is out of range".
   */
  private static String rangeFix(ArgSpec arg) {
    Matcher range = RANGE.matcher(arg.paramLabel() + " " + String.join(" ", arg.description()));
    if (!range.find()) {
      return null;
    }
    // The numbers as the user types them: picocli reads no 10,000,000.
    return "give "
        + optionName(arg)
        + " "
        + (range.group(1) == null ? "" : typed(range.group(1)) + " (" + range.group(2) + ") or ")
        + "a whole number from "
        + typed(range.group(3))
        + " to "
        + typed(range.group(4));
  }

  /** A whole number as picocli reads one, if it could hold it: a sign, then ASCII digits. */
  private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");

  /**
   * A range as labels and help texts write it: {@code 1..5}, {@code 1..10,000,000}; with a value
   * outside it that the option also takes named before it, {@code 0 = never, else 50..600000} (the
   * fix names every value it takes).
   */
  private static final Pattern RANGE =
      Pattern.compile(
          "(?:(\\d+) = (\\w+(?: \\w+)?), else )?(\\d+(?:,\\d{3})*)\\.\\.(\\d+(?:,\\d{3})*)");

  /** {@code 10000000} for {@code 10,000,000}. */
  private static String typed(String number) {
    return number.replace(",", "");
  }

  private static String optionName(ArgSpec arg) {
    return arg instanceof OptionSpec o
        ? o.longestName()
        : arg.paramLabel().replace("<", "").replace(">", "");
  }

  private static String notANumber(ArgSpec arg, String value, String kind) {
    String name =
        arg instanceof OptionSpec o
            ? o.longestName()
            : arg.paramLabel().replace("<", "").replace(">", "");
    if (WHOLE_NUMBER.matcher(value).matches()) {
      // A whole number picocli could not hold: saying it is not one would be wrong.
      return name
          + " "
          + MlosException.quoted(value)
          + " is out of range"
          + (kind == null ? "" : ": no " + kind + " id is that large (ids count up from 1)");
    }
    if (kind != null) {
      return name
          + " "
          + MlosException.quoted(value)
          + " is not a row id: ids are whole numbers from 1, as mlos prints them ("
          + kind
          + " 3)";
    }
    return name + " " + MlosException.quoted(value) + " is not a whole number";
  }

  static String shellWord(String word) {
    return word.matches("[A-Za-z0-9_./:=,@+%-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
