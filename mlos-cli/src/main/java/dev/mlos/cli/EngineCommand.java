package dev.mlos.cli;

import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.engine.Actor;
import dev.mlos.core.engine.Engine;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that runs one engine operation: finds the workspace and its database, opens the engine
 * as the command's actor, runs {@link #run}, prints the result (text, or JSON with {@code --json}).
 * Core exceptions propagate to {@link Failures}, which words them and picks the exit code.
 */
abstract class EngineCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin WorkspaceOptions workspace;
  @Mixin ActorOptions who;
  @Mixin Output output;

  /** What one command printed: data for {@code --json}, words for people. */
  record Printed(Object data, String text) {}

  @Override
  public final Integer call() {
    WorkspaceConfig config = workspace.engineDatabase(spec.qualifiedName());
    try (Engine engine = Engine.open(config.database(), actor())) {
      // A write held up by another process's lock said nothing for up to 45 s (a trial waited 24 s
      // behind a sqlite3 shell): after two seconds it says what it waits for, on stderr.
      PrintWriter err = spec.commandLine().getErr();
      engine.onLockWait(
          (waited, limit) -> {
            err.println(
                "mlos: waiting for the database's write lock, which another process holds (an"
                    + " agent's MCP server writing, a sqlite3 shell inside a transaction); this"
                    + " write waits up to "
                    + limit / 1000
                    + " s, then changes nothing and says so");
            err.flush();
          });
      Printed p = run(engine, config);
      output.print(out(), p.data(), p.text());
    }
    return Main.OK;
  }

  /** Who the engine acts as: {@code --agent} or {@code --as}; a {@link WriteCommand} adds more. */
  Actor actor() {
    return who.actor();
  }

  /** The one engine operation and its words. */
  abstract Printed run(Engine engine, WorkspaceConfig config);

  PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
