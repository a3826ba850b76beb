package dev.mlos.cli.mcp;

import dev.mlos.core.path.WorkspacePath;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether another {@code mlos mcp} acts as the same agent in the same workspace. Servers started
 * with one {@code --agent} are one claimer: a task either claims is held by both, and each is told
 * the other's claims are its own (an exploratory run with two sessions of one agent did the same
 * task twice). Each server holds a lock on {@code <state directory>/mcp/agent-<id>.lock} while it
 * runs; one that finds it held warns its client and its stderr. The operating system drops the lock
 * when a process ends, however it ends, so no stale lock is left to clean up.
 *
 * <p>Advisory only: nothing is refused, and a state directory that cannot hold the file (read-only,
 * a link leading outside the workspace) costs the warning, not the server.
 */
final class AgentSession implements AutoCloseable {
  private final FileChannel channel;

  /** The warning for the client, or null when this server is the agent's only one. */
  final String warning;

  private AgentSession(FileChannel channel, String warning) {
    this.channel = channel;
    this.warning = warning;
  }

  /** Takes agent {@code agentId}'s lock in {@code stateDirectory}, or says who holds it. */
  static AgentSession of(Path root, Path stateDirectory, long agentId) {
    Path file = stateDirectory.resolve("mcp").resolve("agent-" + agentId + ".lock");
    FileChannel channel = null;
    try {
      // Not through a link out of the workspace: the file is created, and a link could place it
      // anywhere.
      Path checked = WorkspacePath.checkedIn(root, file);
      Files.createDirectories(checked.getParent());
      channel = FileChannel.open(checked, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException sameProcess) {
        lock = null; // another server in this JVM (tests run several)
      }
      if (lock != null) {
        return new AgentSession(channel, null);
      }
      channel.close();
      return new AgentSession(null, warning(agentId));
    } catch (IOException | RuntimeException e) {
      // InvalidPathException (a link out of the workspace), a file system without locks, ...
      closeQuietly(channel);
      return new AgentSession(null, null);
    }
  }

  static String warning(long agentId) {
    return "Another mlos mcp server acts as agent "
        + agentId
        + " in this workspace right now: the two are one claimer, so a task the other claimed is"
        + " yours too (ready_work lists it as held) and both of you may do it. If that session is"
        + " another agent, ask the person to give each its own: mlos agent register <type>, then"
        + " --agent with the new id.";
  }

  @Override
  public void close() {
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel c) {
    if (c != null) {
      try {
        c.close(); // releases the lock
      } catch (IOException ignored) {
        // the lock goes with the process anyway
      }
    }
  }
}
