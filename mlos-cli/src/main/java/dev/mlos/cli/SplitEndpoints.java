package dev.mlos.cli;

import dev.mlos.core.MlosException;
import dev.mlos.core.engine.EntityRef;
import dev.mlos.core.engine.HistoryRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A row typed as two words where a command takes one, {@code type:id}: {@code mlos relate need 1
 * references artifact 1} (as the help's "need:ID" reads aloud) was refused as "takes no more
 * arguments" with a hint about quotes, which says nothing of the colon. The line is refused still
 * (one syntax, the documented one), with the line it meant written out as the fix.
 */
final class SplitEndpoints {
  private SplitEndpoints() {}

  /**
   * The entity types each label of a positional row reference takes: {@code SOURCE} and {@code
   * TARGET} of {@code relate}/{@code unrelate} the engine's edge ends, {@code ENTITY} of {@code
   * history} what history records.
   */
  private static final Map<String, List<String>> TYPES_BY_LABEL =
      Map.of("SOURCE", EntityRef.TYPES, "TARGET", EntityRef.TYPES, "ENTITY", HistoryRef.TYPES);

  /** How many words of a command line are looked at; a longer line is not one of these. */
  private static final int MAX_WORDS = 64;

  /**
   * The words for {@code args}, refused by {@code cl} for words left over, when joining each {@code
   * type id} pair among its positional words as {@code type:id} makes the line the command takes;
   * null otherwise.
   */
  static ArgumentWords of(CommandLine cl, String[] args) {
    CommandSpec spec = cl.getCommandSpec();
    List<PositionalParamSpec> positionals = spec.positionalParameters();
    List<String> types = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (PositionalParamSpec p : positionals) {
      List<String> t = TYPES_BY_LABEL.get(p.paramLabel());
      if (t != null) {
        labels.add(p.paramLabel());
        for (String type : t) {
          if (!types.contains(type)) {
            types.add(type);
          }
        }
      }
    }
    int start = List.of(args).indexOf(cl.getCommandName());
    if (types.isEmpty() || start < 0 || args.length > MAX_WORDS) {
      return null;
    }
    List<String> line = new ArrayList<>(List.of(spec.qualifiedName().split(" ")));
    List<String> joined = new ArrayList<>();
    int words = 0;
    boolean optionsEnded = false;
    for (int i = start + 1; i < args.length; i++) {
      String w = args[i];
      if (!optionsEnded && w.equals(spec.parser().endOfOptionsDelimiter())) {
        optionsEnded = true;
        line.add(w);
        continue;
      }
      // Only a word with an option's prefix: picocli finds --agent by "agent" too, which took
      // the end "agent 3" of "relate agent 3 produced artifact 5" for the option and its value.
      OptionSpec option =
          optionsEnded || !w.startsWith("-") ? null : spec.findOption(w.split("=", 2)[0]);
      if (option != null) {
        line.add(w);
        if (!w.contains("=") && option.arity().max() > 0 && i + 1 < args.length) {
          line.add(args[++i]);
        }
        continue;
      }
      String type = w.toLowerCase(Locale.ROOT);
      if (types.contains(type) && i + 1 < args.length && args[i + 1].matches("[0-9]{1,18}")) {
        joined.add(MlosException.quoted(w + " " + args[i + 1]));
        line.add(type + ":" + args[++i]);
      } else {
        line.add(w);
      }
      words++;
    }
    if (joined.isEmpty() || words != positionals.size()) {
      return null;
    }
    return new ArgumentWords(
        String.join(", ", joined)
            + ": `"
            + spec.qualifiedName()
            + "` takes "
            + (labels.size() == 1 ? labels.get(0) : String.join(" and ", labels) + " each")
            + " as one word, type:id (need:1), not the type and the id apart",
        List.of(),
        String.join(" ", line.stream().map(ArgumentWords::shellWord).toList()));
  }
}
