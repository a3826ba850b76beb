package dev.mlos.core.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * One racing process of {@link ConcurrentClaimsTest}: claims as many of tasks 1..N as it can for
 * its agent, in its own random order, then prints the ids it won. Exit 0 when every attempt either
 * won or was refused as already claimed; 2 (with the error on stderr) for anything else.
 */
public final class ClaimRace {
  private ClaimRace() {}

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    long agent = Long.parseLong(args[1]);
    int tasks = Integer.parseInt(args[2]);
    Path go = Path.of(args[3]);
    List<Long> order = new ArrayList<>();
    for (long i = 1; i <= tasks; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(agent));
    List<Long> won = new ArrayList<>();
    try (Engine engine = Engine.open(db, Actor.agent(agent))) {
      System.out.println("ready");
      System.out.flush();
      for (int i = 0; i < 6000 && !Files.exists(go); i++) {
        Thread.sleep(5);
      }
      for (long task : order) {
        try {
          engine.claimTask(task, agent);
          won.add(task);
        } catch (RefusedException e) {
          if (!e.rule().equals("task.claimed")) {
            throw e;
          }
        }
      }
    } catch (RuntimeException e) {
      e.printStackTrace();
      System.exit(2);
    }
    StringBuilder out = new StringBuilder();
    for (long t : won) {
      out.append(t).append('\n');
    }
    System.out.print(out);
    System.out.flush();
  }
}
