package dev.mlos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class UnbrokenCommandsTest {
  /**
   * A command's summary in the command list, wrapped over two lines, lost or repeated characters
   * where it held two spaces in a row (or started with one): its second line was cut from the text
   * at the first line's length, which counted the spaces once.
   */
  @Test
  void aSummaryWithTwoSpacesInARowWrapsWithEveryWordOnce() {
    String summary =
        "Checks  the text form against the rules, then  says what it found, with `mvn mlos:guard`"
            + " as the command that fixes what it reports and more words to wrap";
    CommandSpec sub = CommandSpec.create().name("check");
    sub.usageMessage().header(summary);
    CommandSpec top = CommandSpec.create().name("tool");
    top.addSubcommand("check", sub);
    CommandLine cl = new CommandLine(top);
    UnbrokenCommands.install(cl);

    String list =
        cl.getHelpSectionMap()
            .get(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST)
            .render(cl.getHelp());

    String words =
        Arrays.stream(list.strip().split("\\s+")).skip(1).collect(Collectors.joining(" "));
    assertEquals(summary.replaceAll(" +", " "), words, list);
  }
}
