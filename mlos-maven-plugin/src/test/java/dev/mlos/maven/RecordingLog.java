package dev.mlos.maven;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.logging.SystemStreamLog;

/** A Maven log that also keeps the info lines, so tests can assert on what a goal reported. */
final class RecordingLog extends SystemStreamLog {
  final List<String> infos = new ArrayList<>();

  @Override
  public void info(CharSequence content) {
    infos.add(content.toString());
    super.info(content);
  }

  String text() {
    return String.join("\n", infos);
  }
}
