package dev.mlos.core.engine;

import static dev.mlos.core.engine.Engine.MAX_HISTORY_ROWS;
import static dev.mlos.core.engine.InputRules.MAX_SHORT;
import static dev.mlos.core.engine.InputRules.characters;
import static dev.mlos.core.engine.InputRules.hasControl;
import static dev.mlos.core.engine.InputRules.limit;
import static dev.mlos.core.engine.InputRules.next;
import static dev.mlos.core.engine.InputRules.number;
import static dev.mlos.core.engine.InputRules.oneLine;

import dev.mlos.core.Remedy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ready work, search and history: reads only. Reached through {@link Engine}, which documents each
 * operation.
 */
final class ReadOperations extends EngineOperations {
  ReadOperations(StateStore store, Actor actor) {
    super(store, actor);
  }

  ReadyWork readyWork(ReadyQuery query) {
    limit(query.limit());
    return store.read(
        () -> {
          Agent agent = query.agentId() == null ? null : agentOrRefuse(query.agentId());
          if (agent != null && Engine.AGENT_OUTCOMES.contains(agent.status())) {
            refuseFinishedRun(agent);
          }
          Lens lens = agent == null ? null : effectiveLens(agent).orElse(null);
          StateStore.RankInputs inputs =
              lens == null
                  ? new StateStore.RankInputs(List.of(), List.of(), Map.of())
                  : new StateStore.RankInputs(lens.scopes(), lens.tags(), lens.weights());
          // Bound to whose list it pages, through which lens: another agent's cursor, or one from
          // before the lens changed, skipped that many items of this list.
          List<String> scope =
              List.of(
                  "ready_work",
                  agent == null ? "everyone" : "agent " + agent.id(),
                  // One line each (scopes and tags hold no line break), so the join is unambiguous.
                  String.join("\n", inputs.scopes()),
                  String.join("\n", inputs.tags()),
                  String.join(
                      "\n",
                      new java.util.TreeMap<>(inputs.weights())
                          .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
          int offset = InputRules.offset(query.cursor(), scope, "agent and lens");
          StateStore.ReadyPage page = store.ready(inputs, offset, query.limit());
          List<ReadyItem> items = page.rows().stream().map(ReadOperations::item).toList();
          StateStore.BlockedPage blocked = store.blocked(inputs, query.limit());
          String next = next(offset, items.size(), page.total(), scope);
          List<Task> held =
              query.agentId() == null ? List.of() : store.heldBy(query.agentId(), query.limit());
          // The whole count: held lists at most limit, and an agent holding more was shown no
          // sign of the others (ready work leaves them out, as no one else may take them).
          int heldTotal =
              held.size() < query.limit() ? held.size() : store.heldCount(query.agentId());
          return new ReadyWork(
              items, page.total(), next, blocked.items(), blocked.total(), lens, held, heldTotal);
        });
  }

  /**
   * A finished run can claim none of the ready work (claiming refuses it, rule {@code
   * agent.lifecycle}): said up front, with the same rule and fix, instead of a list it cannot take
   * from (a user trial listed the work, then every claim was refused). The tasks it still holds are
   * named, for whoever gives them back.
   */
  private void refuseFinishedRun(Agent agent) {
    List<Task> held = store.heldBy(agent.id(), 10);
    throw (RefusedException)
        new RefusedException(
                "agent.lifecycle",
                "agent "
                    + agent.id()
                    + " is "
                    + agent.status()
                    + "; a finished agent run cannot claim tasks, so it has no ready work"
                    + (held.isEmpty()
                        ? ""
                        : " (it still holds "
                            + String.join(
                                ", ",
                                held.stream()
                                    .map(t -> "task " + t.id() + " " + t.status())
                                    .toList())
                            + ", which a release gives back)"),
                List.of(),
                agent.ref(),
                "register a new agent run with {0} and ask for the ready work of that run")
            .suggesting(Remedy.registerAgent(agent.agentType()));
  }

  private static ReadyItem item(StateStore.ReadyRow r) {
    StringBuilder why = new StringBuilder();
    // Unset ranks as 3 but is shown as unset, as `need show` shows it: P3 claimed a priority.
    why.append('P').append(r.priority() == null ? "-" : r.priority()).append(' ');
    if (r.kind().equals("task")) {
      why.append("task of need ").append(r.needId());
      // A title that shows nothing (a row from before schema mlos V19) read "need 4 '[U+200B]'", an
      // empty-looking quote.
      if (r.needTitle() != null && !dev.mlos.core.InvisibleText.showsNothing(r.needTitle())) {
        why.append(" '").append(oneLine(r.needTitle())).append('\'');
      }
    } else {
      why.append("actionable need with no live task");
    }
    List<String> facets = new ArrayList<>();
    if (r.scope() != null && !dev.mlos.core.InvisibleText.showsNothing(r.scope())) {
      facets.add("scope " + oneLine(r.scope()));
    }
    if (!r.tags().isEmpty()) {
      facets.add("tags " + String.join(", ", r.tags()));
    }
    if (r.weight() != 1.0) {
      facets.add("lens weight " + number(r.weight()));
    }
    if (!facets.isEmpty()) {
      why.append(" (").append(String.join("; ", facets)).append(')');
    }
    why.append(r.kind().equals("task") ? ", open since " : ", waiting since ")
        .append(r.createdAt().length() >= 10 ? r.createdAt().substring(0, 10) : r.createdAt());
    return new ReadyItem(
        r.kind(),
        r.id(),
        r.needId(),
        r.title(),
        r.status(),
        r.priority(),
        r.score(),
        why.toString());
  }

  /**
   * The words for a search text that is only white space: a query of a tab alone (or a line break,
   * an ideographic space) was told "it is only spaces". The first that is not a space is named,
   * since it cannot be seen.
   */
  private static String onlyWhiteSpace(String text) {
    int c = text.codePoints().filter(cp -> cp != ' ').findFirst().orElse(' ');
    if (c == ' ') {
      return "it is only spaces";
    }
    return "it is only white space (tabs, line breaks or spaces; the first is "
        + dev.mlos.core.InvisibleText.describe(c)
        + ")";
  }

  SearchResult search(SearchQuery query) {
    limit(query.limit());
    String text = query.text();
    // Characters as the tools' schemas (JSON Schema's maxLength) and the database count them: an
    // emoji is one, though Java holds it in two chars.
    if (text == null || text.isBlank() || characters(text) > MAX_SHORT || hasControl(text)) {
      // Say which: "must be 1..200 characters" answered a query of three spaces.
      boolean blank = text == null || text.isBlank();
      boolean control = !blank && hasControl(text);
      throw new RefusedException(
          "input",
          "search text must be 1.."
              + MAX_SHORT
              + " characters without control characters; "
              + (text == null || text.isEmpty()
                  ? "it is empty"
                  : blank
                      ? onlyWhiteSpace(text)
                      : control
                          // Named: a pasted U+FEFF or U+202E cannot be seen in the query.
                          ? "it has a control character ("
                              + InputRules.describeControl(InputRules.firstControl(text))
                              + ")"
                          : "it has " + characters(text) + " characters"),
          List.of(),
          null,
          blank
              ? "give a word to look for"
              : control
                  ? "take the control characters out of the search text"
                  : "shorten the search text to at most "
                      + MAX_SHORT
                      + " characters: a few words of the text find it");
    }
    // Half a surrogate pair (an MCP client's "\\ud800") reached SQLite as '?' and found texts
    // holding a '?' and some other non-ASCII character.
    InputRules.unicode(text, "search text", "input", null);
    for (String kind : query.kinds()) {
      if (!List.of("need", "task", "artifact").contains(kind)) {
        // --kind tasks (a trial), or Need: the kind meant, on the fix line.
        String meant =
            kind == null
                ? ""
                : kind.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("s$", "");
        throw new RefusedException(
            "input",
            RefusedException.quoted(kind) + " is not a kind to search",
            List.of("need", "task", "artifact"),
            null,
            List.of("need", "task", "artifact").contains(meant)
                ? "write it as " + RefusedException.quoted(meant) + ", one kind, singular"
                : null);
      }
    }
    // Bound to the text (folded, as it is searched: 'café' pages as 'CAFE' does) and kinds it
    // pages: a cursor of another search skipped that many hits.
    List<String> scope =
        List.of(
            "search",
            TextFold.fold(text),
            String.join(",", new java.util.TreeSet<>(query.kinds())));
    int offset = InputRules.offset(query.cursor(), scope, "query and type");
    return store.read(
        () -> {
          StateStore.SearchPage page = store.search(text, query.kinds(), offset, query.limit());
          String next = next(offset, page.hits().size(), page.total(), scope);
          return new SearchResult(page.hits(), page.total(), next);
        });
  }

  List<HistoryEntry> history(HistoryRef ref) {
    return history(ref, MAX_HISTORY_ROWS);
  }

  List<HistoryEntry> history(HistoryRef ref, int limit) {
    EntityRef entity = ref.entity();
    if (limit < 1 || limit > MAX_HISTORY_ROWS) {
      throw new RefusedException(
          "input",
          "history limit " + limit + " is not 1.." + MAX_HISTORY_ROWS,
          List.of(),
          entity,
          "give a limit from 1 to " + MAX_HISTORY_ROWS);
    }
    return store.read(
        () -> {
          List<HistoryEntry> rows = store.history(ref.type(), ref.id(), limit);
          // A deleted entity keeps its history; one that never was has none to show.
          boolean exists =
              ref.type().equals("lens")
                  ? store.lensExists(ref.id())
                  : store.edge(ref.id()).isPresent();
          if (rows.isEmpty() && entity == null && !exists) {
            // With where such ids are shown, as a missing need's says where needs are listed.
            throw (RefusedException)
                new RefusedException(
                        "not_found", ref.words() + " does not exist", List.of(), null, "{0}")
                    .suggesting(dev.mlos.core.Remedy.findIds(ref.type()));
          }
          if (rows.isEmpty() && entity != null && !store.exists(entity)) {
            throw notFound(entity);
          }
          return rows;
        });
  }
}
