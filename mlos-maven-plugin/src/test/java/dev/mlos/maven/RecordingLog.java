package dev.mlos.maven;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.logging.SystemStreamLog;

/**
 * A Maven log that also keeps what a goal reported, each line prefixed with its level ({@code
 * [warn] }, {@code [error] }; info lines as they are), so tests can assert on it.
 */
final class RecordingLog extends SystemStreamLog {
  final List<String> lines = new ArrayList<>();

  @Override
  public void info(CharSequence content) {
    lines.add(content.toString());
    super.info(content);
  }

  @Override
  public void warn(CharSequence content) {
    lines.add("[warn] " + content);
    super.warn(content);
  }

  @Override
  public void error(CharSequence content) {
    lines.add("[error] " + content);
    super.error(content);
  }

  String text() {
    return String.join("\n", lines);
  }
}
