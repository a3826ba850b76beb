package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.json.McpJsonDefaults;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The SDK's stdio transport stops reading at the first line it cannot parse; the gate in front of
 * it must drop such lines (and oversized ones) and pass every well-formed message on, in order.
 */
class StdinGateTest {
  private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
  private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
  private static final String RESOURCES =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/list\"}";

  @Test
  void malformedAndOversizedLinesAreDroppedAndTheRestPassesInOrder() throws Exception {
    String huge =
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\",\"params\":{\"x\":\""
            + "a".repeat(StdinGate.MAX_MESSAGE_BYTES)
            + "\"}}";
    String input =
        RESOURCES
            + "\n"
            + "not json at all\n"
            + "{\"half\": \n"
            + "\n"
            + huge
            + "\n"
            + LIST
            + "\r\n"
            + "[1,2]\n";
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Gated g = inSession(input, log);
    String passed = g.passed();

    assertEquals(RESOURCES + "\n" + LIST + "\n", passed);
    String said = log.toString(StandardCharsets.UTF_8);
    assertEquals(2, said.split("dropped a line", -1).length - 1, said);
    // A batch: each of its values is answered as a line of its own would be.
    assertTrue(
        said.contains("refused a line that is not a JSON-RPC message: a message is one object"),
        said);
    assertTrue(said.contains("longer than " + StdinGate.MAX_MESSAGE_BYTES + " bytes"), said);
    // Each dropped line is answered, in the order read, so no client waits for it.
    java.util.List<String> codes =
        g.answered()
            .lines()
            .map(l -> l.replaceAll(".*\"id\":(\\w+),\"error\":\\{\"code\":(-\\d+).*", "$1 $2"))
            .toList();
    // The oversized line's id comes before its long part, so its answer goes to that id.
    assertEquals(
        java.util.List.of("null -32700", "null -32700", "3 -32600", "null -32600"),
        codes,
        g.answered());
    // The batch [1,2] is answered with one list, an error for each of its values.
    String batch = g.answered().lines().toList().get(3);
    assertTrue(batch.startsWith("[{") && batch.endsWith("}]"), batch);
    assertEquals(3, batch.split("\"code\":-32600", -1).length, batch);
  }

  /**
   * A client writing Latin-1 (café as 63 61 66 E9) had each byte that is no part of a UTF-8
   * character read as U+FFFD: create_need made a need titled 'caf\uFFFD' and answered it done. The
   * line is refused now, under its id, naming the byte, and nothing of it reaches the tools; UTF-8
   * text, a byte order mark and an emoji included, passes as it is.
   */
  @Test
  void aLineThatIsNotUtf8IsRefusedUnderItsIdNotReadWithReplacementCharacters() throws Exception {
    String latin =
        "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":"
            + "\"create_need\",\"arguments\":{\"title\":\"caf\u00e9\"}}}";
    String utf8 =
        latin.replace("\"id\":9", "\"id\":10").replace("caf\u00e9", "caf\u00e9 \ud83d\ude00");
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.write(latin.getBytes(StandardCharsets.ISO_8859_1));
    input.write('\n');
    input.write(("\uFEFF" + utf8 + "\n").getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Gated g = inSession(input.toByteArray(), log);

    assertEquals(utf8 + "\n", g.passed(), "only the UTF-8 line passes, as it was sent");
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"id\":9,\"error\":{\"code\":-32700,\"message\":\"Parse error: the"
            + " line is not UTF-8 (byte 0xE9 at offset "
            + latin.indexOf('\u00e9')
            + " is no part of a UTF-8 character); MCP's messages are UTF-8, so nothing of it was"
            + " read. Fix: send the message's text encoded as UTF-8\"}}",
        g.answered().strip());
    String said = log.toString(StandardCharsets.UTF_8);
    assertTrue(
        said.contains("mlos mcp: refused a message: the line is not UTF-8 (byte 0xE9"), said);
  }

  /**
   * The soak: a response the SDK's transport failed to send ended its reader thread, and the gate
   * then said "stdin failed: Read end dead", as if the client had gone, and the requests left were
   * told the client closed stdin. The client had not: the server's own error is named as such.
   */
  @Test
  @org.junit.jupiter.api.Timeout(60)
  void aTransportThatStoppedReadingIsTheServersErrorNotTheClientsClosedStdin() throws Exception {
    java.io.PipedOutputStream client = new java.io.PipedOutputStream();
    java.io.PipedInputStream stdin = new java.io.PipedInputStream(client);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Answers answers = new Answers(McpJsonDefaults.getMapper());
    StdinGate gate =
        new StdinGate(
            stdin,
            McpJsonDefaults.getMapper(),
            answers,
            r -> null,
            r -> {},
            new PrintStream(log, true, StandardCharsets.UTF_8));
    java.io.OutputStream out = answers.counting(new ByteArrayOutputStream());
    gate.start();
    // The transport's reader answers the initialize and takes the messages up to a notification,
    // then its thread ends (as the SDK's did).
    Thread reader =
        new Thread(
            () -> {
              try {
                java.io.BufferedReader in =
                    new java.io.BufferedReader(
                        new java.io.InputStreamReader(gate.input(), StandardCharsets.UTF_8));
                if (in.readLine().contains("initialize")) {
                  out.write(
                      "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{}}\n"
                          .getBytes(StandardCharsets.UTF_8));
                }
                while (!in.readLine().contains("roots/list_changed")) {
                  // notifications/initialized
                }
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    reader.start();
    client.write(
        (INIT_ROOTS
                + "\n"
                + INITIALIZED
                + "\n{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"}\n")
            .getBytes(StandardCharsets.UTF_8));
    client.flush();
    reader.join();
    client.write((LIST + "\n").getBytes(StandardCharsets.UTF_8));
    client.flush();
    gate.awaitEnd();
    gate.release();

    assertTrue(gate.transportStopped());
    String said = log.toString(StandardCharsets.UTF_8);
    assertTrue(
        said.contains(
            "mlos mcp: the server stopped reading requests after an error of its own (above), not"
                + " the client's (Read end dead); the session ends: restart the server"),
        said);
    assertEquals(
        java.util.List.of("2"),
        answers.awaitAllAnswered(0).stream().map(String::valueOf).toList(),
        "the request the transport did not take is left to answer");
    client.close();
  }

  /** A gate reading {@code lines} from a client that then closes stdin; stderr discarded. */
  private static StdinGate lines(Answers answers, String... lines) {
    return new StdinGate(
        new ByteArrayInputStream(
            (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)),
        McpJsonDefaults.getMapper(),
        answers,
        r -> null,
        r -> {},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  /** The lines the gate answers itself, and the lines it passes on to the transport. */
  private record Gated(String answered, String passed) {}

  /** {@link #inSession} of {@code lines}, one a line. */
  private static Gated gate(String... lines) throws Exception {
    return inSession(String.join("\n", lines) + "\n", new ByteArrayOutputStream());
  }

  /**
   * What a stand-in SDK answers (every request it gets): not the gate's, so left out of answers.
   */
  private static final String STAND_IN = "\"result\":{\"standIn\":true}";

  /**
   * What the gate answers of {@code input} and passes on, in an open session: a client's initialize
   * and notifications/initialized come first (they pass, and are left out of what passed), and a
   * stand-in for the SDK answers every request the gate passes on, as the SDK does (the gate passes
   * a request on once those before it are answered). Stderr goes to {@code log}.
   */
  private static Gated inSession(String input, ByteArrayOutputStream log) throws Exception {
    return inSession(input.getBytes(StandardCharsets.UTF_8), log);
  }

  /** {@link #inSession(String, ByteArrayOutputStream)} of bytes, which need not be UTF-8. */
  private static Gated inSession(byte[] input, ByteArrayOutputStream log) throws Exception {
    Answers answers = new Answers(McpJsonDefaults.getMapper());
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    java.io.OutputStream out = answers.counting(stdout);
    ByteArrayOutputStream stdin = new ByteArrayOutputStream();
    stdin.write((INIT + "\n" + INITIALIZED + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.write(input);
    StdinGate gate =
        new StdinGate(
            new ByteArrayInputStream(stdin.toByteArray()),
            McpJsonDefaults.getMapper(),
            answers,
            r -> null,
            r -> {},
            new PrintStream(log, true, StandardCharsets.UTF_8));
    StringBuilder passed = new StringBuilder();
    Thread sdk = standIn(gate, out, STAND_IN, STAND_IN, passed);
    gate.start();
    gate.awaitEnd();
    gate.release();
    sdk.join();
    String session = INIT + "\n" + INITIALIZED + "\n";
    assertTrue(passed.toString().startsWith(session), passed.toString());
    return new Gated(
        stdout
            .toString(StandardCharsets.UTF_8)
            .lines()
            .filter(l -> !l.contains(STAND_IN))
            .map(l -> l + "\n")
            .collect(java.util.stream.Collectors.joining()),
        passed.substring(session.length()));
  }

  /**
   * A stand-in for the SDK behind {@code gate}: notes each line passed on, and answers each request
   * at once, an initialize with {@code initialize} ({@code "result":{}} or an error), any other
   * with {@code other}.
   */
  private static Thread standIn(
      StdinGate gate,
      java.io.OutputStream out,
      String initialize,
      String other,
      StringBuilder passed) {
    Thread sdk =
        new Thread(
            () -> {
              try (java.io.BufferedReader in =
                  new java.io.BufferedReader(
                      new java.io.InputStreamReader(gate.input(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  synchronized (passed) {
                    passed.append(line).append('\n');
                  }
                  com.fasterxml.jackson.databind.JsonNode m =
                      new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
                  if (m.has("id") && m.has("method")) {
                    out.write(
                        ("{\"jsonrpc\":\"2.0\",\"id\":"
                                + m.get("id")
                                + ","
                                + ("initialize".equals(m.get("method").asText())
                                    ? initialize
                                    : other)
                                + "}\n")
                            .getBytes(StandardCharsets.UTF_8));
                  }
                }
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    sdk.start();
    return sdk;
  }

  /**
   * A user trial: a tool call with a 6 MB description, sent by the TypeScript SDK (which writes
   * {@code id} last), was answered with id null, and the client waited 60 s for "Request timed
   * out". The answer now goes to the request's id, read from the line's end.
   */
  @Test
  void anOversizedRequestIsAnsweredUnderItsIdWhereverTheIdIs() throws Exception {
    String big = "\"" + "é".repeat(StdinGate.MAX_MESSAGE_BYTES / 2 + 10) + "\"";
    String idLast =
        "{\"method\":\"tools/call\",\"params\":{\"name\":\"create_need\",\"arguments\":{\"id\":1,"
            + "\"title\":"
            + big
            + "}},\"jsonrpc\":\"2.0\",\"id\":41}";
    String stringIdLast =
        "{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":[" + big + "], \"id\" : \"a\\\"b\" }";
    // No id of its own: the one inside params, before the end, is not the message's.
    String notification =
        "{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":{\"t\":" + big + ",\"id\":5}}";
    // A response of the client's (to a request of the server's) carries the client's own id.
    String response = "{\"result\":{\"t\":" + big + "},\"jsonrpc\":\"2.0\",\"id\":6}";
    Gated g = gate(idLast, stringIdLast, notification, response, LIST);

    assertEquals(LIST + "\n", g.passed());
    java.util.List<String> answered = g.answered().lines().toList();
    assertEquals(4, answered.size(), g.answered());
    // A tool call is answered as the tool's error, which the client hands to the model (the MCP
    // specification's input errors, SEP-1303); it was a JSON-RPC error the model never saw.
    assertTrue(
        answered
            .get(0)
            .startsWith(
                "{\"jsonrpc\":\"2.0\",\"id\":41,\"result\":{\"content\":[{\"type\":\"text\","
                    + "\"text\":\"refused (mcp.message_size): this tool call is "),
        answered.get(0));
    assertTrue(answered.get(0).endsWith("\"}],\"isError\":true}}"), answered.get(0));
    assertTrue(
        answered
            .get(0)
            .contains(
                "longer than the 4194304 bytes (4 MiB) the server reads, so nothing of it was read"
                    + " and nothing was written. Fix: send less: a description, result or"
                    + " transcript is at most 100000 characters"),
        answered.get(0));
    // Any other request keeps the JSON-RPC error: it is no tool's input.
    assertTrue(
        answered
            .get(1)
            .startsWith(
                "{\"jsonrpc\":\"2.0\",\"id\":\"a\\\"b\",\"error\":{\"code\":-32600,"
                    + "\"message\":\"Invalid Request: the message is "),
        answered.get(1));
    assertTrue(
        answered.get(1).contains("longer than the 4194304 bytes (4 MiB) the server reads"),
        answered.get(1));
    assertTrue(
        answered.get(2).startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\""), answered.get(2));
    assertTrue(
        answered.get(3).startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\""), answered.get(3));
  }

  /**
   * Found with a raw client: an initialize whose clientInfo or capabilities had the wrong type, or
   * a tools/call whose _meta was a number, was answered by the SDK -32603 internal error, in the
   * words of a Java class ("Cannot construct instance of
   * `io.modelcontextprotocol.spec.McpSchema$Implementation`").
   */
  @Test
  void aRequestWhoseParamsAreNotMcpsIsRefusedNamingWhere() throws Exception {
    String head =
        "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-06-18\",%s}}";
    String clientInfo = String.format(head, 1, "\"capabilities\":{},\"clientInfo\":5");
    String roots =
        String.format(
            head,
            2,
            "\"capabilities\":{\"roots\":5},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}");
    String fine =
        String.format(
            head,
            3,
            "\"capabilities\":{\"experimental\":{\"x\":1}},\"clientInfo\":{\"name\":\"t\","
                + "\"version\":\"1\",\"title\":\"T\"},\"more\":1");
    String meta =
        "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"search\","
            + "\"arguments\":{\"query\":\"x\"},\"_meta\":5}}";
    String promptArguments =
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"prompts/get\",\"params\":{\"name\":\"boot\","
            + "\"arguments\":[]}}";
    Gated g = gate(clientInfo, roots, fine, meta, promptArguments);
    assertEquals(fine + "\n", g.passed());
    String words =
        " has the wrong type for MCP's InitializeRequest (capabilities and clientInfo are objects,"
            + " clientInfo with a name and a version)\"}}";
    assertEquals(
        java.util.List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":\"Invalid params:"
                + " initialize's params.clientInfo"
                + words,
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32602,\"message\":\"Invalid params:"
                + " initialize's params.capabilities.roots"
                + words,
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":-32602,\"message\":\"Invalid params:"
                + " tools/call's params._meta has the wrong type for MCP's CallToolRequest (_meta and"
                + " arguments are objects)\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32602,\"message\":\"Invalid params:"
                + " prompts/get's params.arguments has the wrong type for MCP's GetPromptRequest"
                + " (_meta and arguments are objects)\"}}"),
        g.answered().lines().toList());
  }

  @Test
  void anUnknownLogLevelIsRefusedNamingTheLevels() throws Exception {
    String loud =
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"loud\"}}";
    String warning =
        "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"warning\"}}";
    Gated g = gate(loud, warning);
    assertEquals(warning + "\n", g.passed());
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32602,\"message\":\"Invalid params:"
            + " logging/setLevel's level 'loud' is not a level; the levels are debug, info,"
            + " notice, warning, error, critical, alert, emergency\"}}\n",
        g.answered());
  }

  @Test
  void aKeyTwiceInOneObjectIsRefusedNamingItNotTheLastTaken() throws Exception {
    // A user trial: {"need_id":1,"need_id":2} read need 2 without a word; mlos refuses a key that
    // appears twice everywhere else (YAML, JSON record files).
    String twice =
        "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"get_need\","
            + "\"arguments\":{\"need_id\":1,\"need_id\":2}}}";
    String nested =
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"graph_upsert\","
            + "\"arguments\":{\"record\":{\"_shape\":\"tag\",\"tags\":[{\"name\":\"a\",\"name\":\"b\"}]}}}}";
    String idTwice = "{\"jsonrpc\":\"2.0\",\"id\":6,\"id\":7,\"method\":\"tools/list\"}";
    String sameKeyInTwoObjects =
        "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"x\","
            + "\"arguments\":{\"a\":{\"name\":1},\"b\":{\"name\":2}}}}";

    // A user trial: a key other than id twice at the top was answered with id null, though the
    // request's id was there, once.
    String paramsTwice =
        "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"x\"},"
            + "\"params\":{}}";
    String paramsAndIdTwice =
        "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/list\",\"params\":{},\"params\":{},"
            + "\"id\":11}";

    Gated g = gate(twice, nested, idTwice, sameKeyInTwoObjects, paramsTwice, paramsAndIdTwice);

    assertEquals(sameKeyInTwoObjects + "\n", g.passed());
    assertEquals(
        java.util.List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":-32602,\"message\":\"Invalid params:"
                + " key 'need_id' appears twice in params.arguments; mlos does not guess which one"
                + " you meant: send it once\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32602,\"message\":\"Invalid params:"
                + " key 'name' appears twice in params.arguments.record.tags[0]; mlos does not guess"
                + " which one you meant: send it once\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid"
                + " Request: key 'id' appears twice in the message; mlos does not guess which one"
                + " you meant: send it once\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":9,\"error\":{\"code\":-32600,\"message\":\"Invalid"
                + " Request: key 'params' appears twice in the message; mlos does not guess which"
                + " one you meant: send it once\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid"
                + " Request: key 'params' appears twice in the message; mlos does not guess which"
                + " one you meant: send it once\"}}"),
        g.answered().lines().toList());
  }

  @Test
  void aMessageNestedDeeperThanTheReaderGoesIsAnsweredUnderItsId() throws Exception {
    // A user trial: graph_upsert of a record nested 1,000 levels deep was answered "Parse error: a
    // line must hold one JSON value" with id null, and the client waited on its request forever.
    String deep = "[".repeat(1200) + "]".repeat(1200);
    String inParams =
        "{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"tools/call\",\"params\":{\"name\":\"graph_upsert\","
            + "\"arguments\":{\"record\":{\"_shape\":\"book\",\"x\":"
            + deep
            + "}}}}";
    String stringIdElsewhere =
        "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"ping\",\"extra\":" + deep + "}";
    String idAfter = "{\"jsonrpc\":\"2.0\",\"params\":" + deep + ",\"id\":13,\"method\":\"x\"}";

    Gated g = gate(inParams, stringIdElsewhere, idAfter, LIST);

    assertEquals(LIST + "\n", g.passed());
    String words =
        "lists and objects nest deeper than 1000 levels here, more than the server reads;"
            + " flatten them";
    assertEquals(
        java.util.List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":12,\"error\":{\"code\":-32602,\"message\":\"Invalid params: "
                + words
                + "\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"error\":{\"code\":-32600,\"message\":\"Invalid Request: "
                + words
                + "\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32602,\"message\":\"Invalid params: "
                + words
                + "\"}}"),
        g.answered().lines().toList());
  }

  @Test
  void aMessageWithANumberOrAKeyLongerThanTheReaderTakesIsAnsweredUnderItsId() throws Exception {
    // Found with a raw client: need_id written with 1,001 digits, or an argument name of 50,001
    // characters, is JSON, but past the JSON reader's limits; it was answered "Parse error: a line
    // must hold one JSON value" with id null, and the client waited on its request until it timed
    // out.
    String number =
        "{\"jsonrpc\":\"2.0\",\"id\":14,\"method\":\"tools/call\",\"params\":{\"name\":\"get_need\","
            + "\"arguments\":{\"need_id\":"
            + "1".repeat(1001)
            + "}}}";
    String name =
        "{\"jsonrpc\":\"2.0\",\"id\":\"k\",\"method\":\"tools/call\",\"params\":{\"name\":\"get_need\","
            + "\"arguments\":{\""
            + "k".repeat(50_001)
            + "\":1}}}";
    String numberOutsideParams =
        "{\"jsonrpc\":\"2.0\",\"id\":15,\"method\":\"ping\",\"extra\":" + "2".repeat(1001) + "}";

    Gated g = gate(number, name, numberOutsideParams, LIST);

    assertEquals(LIST + "\n", g.passed());
    assertEquals(
        java.util.List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":14,\"error\":{\"code\":-32602,\"message\":\"Invalid params: a"
                + " number here has more than 1000 digits, more than the server reads; no argument"
                + " takes one so long\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"k\",\"error\":{\"code\":-32602,\"message\":\"Invalid params:"
                + " a key here is longer than 50000 characters, more than the server reads; no"
                + " argument has a name so long\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":15,\"error\":{\"code\":-32600,\"message\":\"Invalid Request:"
                + " a number here has more than 1000 digits, more than the server reads; no argument"
                + " takes one so long\"}}"),
        g.answered().lines().toList());
  }

  private static final String INITIALIZED =
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

  /**
   * The lines of a gate in front of a stand-in for the SDK that answers each {@code initialize}
   * with {@code answer} ({@code "result":{}} or an error), and each other request it gets with a
   * result of its own, left out of what is answered (the gate's answers).
   */
  private static Gated gateBeforeSdk(String answer, String... lines) throws Exception {
    return beforeSdk(false, answer, lines);
  }

  /** {@link #gateBeforeSdk}, with the stand-in's answers in what is answered when {@code all}. */
  private static Gated beforeSdk(boolean all, String answer, String... lines) throws Exception {
    Answers answers = new Answers(McpJsonDefaults.getMapper());
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    java.io.OutputStream out = answers.counting(stdout);
    StdinGate gate = lines(answers, lines);
    StringBuilder passed = new StringBuilder();
    Thread sdk = standIn(gate, out, answer, STAND_IN, passed);
    gate.start();
    gate.awaitEnd();
    gate.release();
    sdk.join();
    return new Gated(
        stdout
            .toString(StandardCharsets.UTF_8)
            .lines()
            .filter(l -> all || !l.contains(STAND_IN))
            .map(l -> l + "\n")
            .collect(java.util.stream.Collectors.joining()),
        passed.toString());
  }

  private static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  /** {@link #INIT} of a client that declares the roots capability. */
  private static final String INIT_ROOTS =
      INIT.replace("\"capabilities\":{}", "\"capabilities\":{\"roots\":{\"listChanged\":true}}");

  @Test
  void aPingBeforeTheSessionIsInitializedIsAnsweredAtOnceLaterOnesPass() throws Exception {
    String later = "{\"jsonrpc\":\"2.0\",\"id\":\"p2\",\"method\":\"ping\"}";
    Gated g = gateBeforeSdk("\"result\":{}", PING, INIT, INITIALIZED, later);
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{}}\n",
        g.answered());
    assertEquals(INIT + "\n" + INITIALIZED + "\n" + later + "\n", g.passed());
  }

  /**
   * The SDK opens the session at notifications/initialized whatever came before it: after no
   * initialize, one the gate refused, or one the SDK answered with an error, tools then worked. The
   * gate passes the notification only after an initialize answered with a result.
   */
  @Test
  void notificationsInitializedOpensNoSessionWithoutAnAcceptedInitialize() throws Exception {
    String later = "{\"jsonrpc\":\"2.0\",\"id\":\"p2\",\"method\":\"ping\"}";
    Gated none = gateBeforeSdk("\"result\":{}", INITIALIZED, later);
    assertEquals("", none.passed());
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"p2\",\"result\":{}}\n", none.answered());

    String refused = "\"error\":{\"code\":-32603,\"message\":\"no\"}";
    Gated sdkRefused = gateBeforeSdk(refused, INIT, INITIALIZED, later);
    assertEquals(INIT + "\n", sdkRefused.passed());
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"id\":0,"
            + refused
            + "}\n{\"jsonrpc\":\"2.0\",\"id\":\"p2\",\"result\":{}}\n",
        sdkRefused.answered());
  }

  /**
   * After an accepted initialize, a client that never sends notifications/initialized (MCP asks for
   * it; some clients leave it out) had its requests held by the SDK for good. The gate passes the
   * notification on before the first such request, once; not after a refused initialize.
   */
  @Test
  void aRequestAfterAnAcceptedInitializeOpensTheSessionTheClientDidNot() throws Exception {
    Gated g = gateBeforeSdk("\"result\":{}", INIT, LIST, INITIALIZED, RESOURCES);
    assertEquals(INIT + "\n" + INITIALIZED + "\n" + LIST + "\n" + RESOURCES + "\n", g.passed());
  }

  private static final String NOT_INITIALIZED =
      "\"error\":{\"code\":-32000,\"message\":\"Server not initialized: the last initialize was"
          + " not accepted (its error says why), and until one is this server answers nothing but"
          + " ping and initialize. Send initialize again with params {\\\"protocolVersion\\\":"
          + " \\\"2025-11-25\\\", \\\"capabilities\\\": {}, \\\"clientInfo\\\": {\\\"name\\\":"
          + " \\\"your-client\\\", \\\"version\\\": \\\"1.0.0\\\"}}, then"
          + " notifications/initialized once it is answered with a result, then this request"
          + " again\"}}";

  /**
   * Found with a raw client: after an initialize that was refused (by the gate, or by the SDK with
   * an error), every request but ping was held by the SDK until the client closed stdin, then
   * answered -32000; a client waiting on one waited for good. It is answered at once, under its id,
   * with what to send; a notification is not answered; a new initialize that is accepted opens the
   * session as before.
   */
  @Test
  void aRequestAfterARefusedInitializeIsAnsweredAtOnceThatTheSessionIsNotInitialized()
      throws Exception {
    String badInit = INIT.replace("\"id\":0", "\"id\":\"b\"").replace("\"2025-06-18\"", "5");
    String roots = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"}";
    Gated g =
        gateBeforeSdk("\"result\":{}", badInit, LIST, roots, PING, INIT, INITIALIZED, RESOURCES);
    assertEquals(
        java.util.List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":\"b\",\"error\":{\"code\":-32602,\"message\":\"Invalid"
                + " params: initialize needs params.protocolVersion, a string\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":2," + NOT_INITIALIZED,
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{}}"),
        g.answered().lines().toList());
    assertEquals(
        INIT + "\n" + INITIALIZED + "\n" + RESOURCES + "\n",
        g.passed(),
        "the request after the refused initialize is not held; the session opens after the next");

    // A params null initialize is refused by its shape: the same.
    Gated nullParams =
        gateBeforeSdk(
            "\"result\":{}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"n\",\"method\":\"initialize\",\"params\":null}",
            LIST);
    assertEquals("", nullParams.passed());
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"id\":2," + NOT_INITIALIZED,
        nullParams.answered().lines().toList().get(1));

    // An initialize the SDK answered with an error: the request after it too.
    String error = "\"error\":{\"code\":-32603,\"message\":\"no\"}";
    Gated refused = gateBeforeSdk(error, INIT, LIST);
    assertEquals(INIT + "\n", refused.passed(), "no session opens for it");
    assertEquals(
        java.util.List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":0," + error + "}",
            "{\"jsonrpc\":\"2.0\",\"id\":2," + NOT_INITIALIZED),
        refused.answered().lines().toList());
  }

  /**
   * Found with a raw client: a request sent before any initialize was passed to the SDK, which held
   * it until the session opened; after an initialize that was refused, until the client closed
   * stdin, so a client waiting on it waited for good (and had a later initialize opened the
   * session, the SDK ran it then). The gate holds it: it passes on once the session opens, and is
   * answered at once when the initialize is not accepted (refused by the gate, or by the SDK with
   * an error).
   */
  @Test
  void aRequestBeforeAnyInitializeWaitsForTheSessionOrIsAnsweredWhenTheInitializeIsNot()
      throws Exception {
    Gated opened = gateBeforeSdk("\"result\":{}", LIST, INIT, INITIALIZED);
    assertEquals(INIT + "\n" + INITIALIZED + "\n" + LIST + "\n", opened.passed());
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{}}\n", opened.answered());

    String error = "\"error\":{\"code\":-32603,\"message\":\"no\"}";
    Gated sdkRefused = gateBeforeSdk(error, LIST, INIT);
    assertEquals(INIT + "\n", sdkRefused.passed());
    assertEquals(
        java.util.List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":0," + error + "}",
            "{\"jsonrpc\":\"2.0\",\"id\":2," + NOT_INITIALIZED),
        sdkRefused.answered().lines().toList());

    String badInit = INIT.replace("\"2025-06-18\"", "5");
    Gated gateRefused = gateBeforeSdk("\"result\":{}", LIST, badInit, INIT, INITIALIZED);
    assertEquals(
        INIT + "\n" + INITIALIZED + "\n",
        gateRefused.passed(),
        "the request answered at the refusal does not run once a later initialize opens the session");
    assertEquals(
        java.util.List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":0,\"error\":{\"code\":-32602,\"message\":\"Invalid"
                + " params: initialize needs params.protocolVersion, a string\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":2," + NOT_INITIALIZED,
            "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{}}"),
        gateRefused.answered().lines().toList());
  }

  /**
   * Requests sent before any initialize are held for the session, but not without end: a client
   * writing requests and never initializing would fill the server's memory. Past {@link
   * Handshake#MAX_HELD}, each is answered at once, and the held ones still pass once the session
   * opens.
   */
  @Test
  void requestsBeforeAnyInitializeAreHeldUpToALimitAndTheRestAnsweredAtOnce() throws Exception {
    int sent = Handshake.MAX_HELD + 3;
    String[] lines = new String[sent + 2];
    for (int i = 0; i < sent; i++) {
      lines[i] = "{\"jsonrpc\":\"2.0\",\"id\":" + (100 + i) + ",\"method\":\"tools/list\"}";
    }
    lines[sent] = INIT;
    lines[sent + 1] = INITIALIZED;
    Gated g = gateBeforeSdk("\"result\":{}", lines);
    java.util.List<String> passed = g.passed().lines().toList();
    assertEquals(2 + Handshake.MAX_HELD, passed.size());
    assertEquals(INIT, passed.get(0));
    assertEquals(lines[0], passed.get(2));
    assertEquals(lines[Handshake.MAX_HELD - 1], passed.get(passed.size() - 1));
    java.util.List<String> answered = g.answered().lines().toList();
    assertEquals(4, answered.size(), g.answered());
    for (int i = 0; i < 3; i++) {
      assertTrue(
          answered
              .get(i)
              .startsWith(
                  "{\"jsonrpc\":\"2.0\",\"id\":"
                      + (100 + Handshake.MAX_HELD + i)
                      + ",\"error\":{\"code\":-32000,\"message\":\"Server not initialized: 256"
                      + " requests sent before initialize wait for the session already"),
          answered.get(i));
    }
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{}}", answered.get(3));
  }

  /**
   * Found with a raw client: the SDK's mapper took {@code "method": 5} as the method "5" (answered
   * -32601 method not found) and {@code "jsonrpc": 2.0} as "2.0" (answered as a ping); JSON-RPC
   * answers both -32600 invalid request, under the id when it can be read.
   */
  @Test
  void aMessageOfTheWrongShapeIsAnsweredInvalidRequestUnderItsId() throws Exception {
    Gated g =
        gate(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}",
            "{\"jsonrpc\":2.0,\"id\":\"v\",\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\",\"params\":true}",
            "{\"jsonrpc\":\"2.0\",\"id\":4}",
            "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":[]}",
            "{\"jsonrpc\":\"2.0\",\"id\":5,\"id\":6,\"method\":{}}",
            LIST);
    assertEquals(LIST + "\n", g.passed());
    assertEquals(
        java.util.List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32600,\"message\":\"Invalid"
                + " Request: method must be a string, not a number\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"v\",\"error\":{\"code\":-32600,\"message\":\"Invalid"
                + " Request: jsonrpc must be the string \\\"2.0\\\", not a number with a fraction or"
                + " an exponent\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32600,\"message\":\"Invalid"
                + " Request: params must be an object, not true\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":-32600,\"message\":\"Invalid"
                + " Request: the message has no method (a request or a notification) and no result"
                + " or error (a response)\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid"
                + " Request: an id must be a string or an integer within 64 bits, not a number with"
                + " a fraction or an exponent\"}}",
            // Which of two ids is the request's is unknown.
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid"
                + " Request: method must be a string, not an object\"}}"),
        g.answered().lines().toList());
  }

  /**
   * A batch (a list of messages on one line) was refused whole with id null, "which MCP does not
   * take": MCP 2025-03-26, which the server agrees to when a client asks for it, has a server take
   * batches, and such a client waited on the batch's requests for good. Each message of a batch is
   * now handled as if on a line of its own, as the client wrote it (a key twice is still seen), and
   * answered on its own line; an empty batch, or a batch in a batch, is refused with id null.
   */
  @Test
  void eachMessageOfABatchIsHandledAsIfOnALineOfItsOwn() throws Exception {
    String ping = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}";
    String list = "{ \"jsonrpc\": \"2.0\", \"id\": \"b\", \"method\": \"tools/list\" }";
    Gated g =
        gate(
            "[" + ping + ",\t" + list + ", {\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\"}]",
            "[{\"jsonrpc\":\"2.0\",\"id\":3,\"id\":4,\"method\":\"ping\"}, 5, [" + ping + "]]",
            "[]");
    assertEquals(
        ping + "\n" + list + "\n{\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\"}\n",
        g.passed(),
        "each message passes on as the client wrote it, in order");
    // The first batch's list holds the stand-in's answers too: left out of answered here.
    java.util.List<String> answered = g.answered().lines().toList();
    assertEquals(
        java.util.List.of(
            "[{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid"
                + " Request: key 'id' appears twice in the message; mlos does not guess which one"
                + " you meant: send it once\"}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid"
                + " Request: a message is one object, not a number\"}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid"
                + " Request: a batch holds messages, not a batch\"}}]",
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid"
                + " Request: an empty batch (a list of messages holds at least one)\"}}"),
        answered);
  }

  /**
   * Found with a raw client: a message with both a method and a result (or an error) was taken as a
   * request and answered, and {@code "params": null} as no params. JSON-RPC 2.0 allows neither: a
   * message is a request (or a notification) or a response, and params, when present, is an object
   * or a list.
   */
  @Test
  void aMethodWithAResultAndParamsThatAreNullAreRefusedUnderTheirIds() throws Exception {
    String listWithParams =
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\",\"params\":{}}";
    Gated g =
        gate(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"result\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"e\",\"method\":\"ping\",\"error\":{\"code\":1,\"message\":\"x\"}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\",\"result\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":null}",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":null}",
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":{},\"error\":{\"code\":1,\"message\":\"x\"}}",
            listWithParams,
            LIST);
    assertEquals(listWithParams + "\n" + LIST + "\n", g.passed());
    String nullParams =
        "\"error\":{\"code\":-32602,\"message\":\"Invalid params: params is null, which JSON-RPC"
            + " 2.0 does not allow (params, when present, is an object or a list): leave params out,"
            + " or send an object ({} for none)\"}}";
    assertEquals(
        java.util.List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32600,\"message\":\"Invalid"
                + " Request: the message has both a method (a request or a notification) and a result"
                + " (a response), which JSON-RPC does not allow: leave result out of a request\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"e\",\"error\":{\"code\":-32600,\"message\":\"Invalid"
                + " Request: the message has both a method (a request or a notification) and an error"
                + " (a response), which JSON-RPC does not allow: leave error out of a request\"}}",
            // A notification's id cannot be read: JSON-RPC answers an invalid request with id null.
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid"
                + " Request: the message has both a method (a request or a notification) and a result"
                + " (a response), which JSON-RPC does not allow: leave result out of a request\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":2," + nullParams,
            "{\"jsonrpc\":\"2.0\",\"id\":3," + nullParams,
            "{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":-32600,\"message\":\"Invalid"
                + " Request: the message has both a result and an error: a response has one or the"
                + " other\"}}"),
        g.answered().lines().toList());
  }

  /**
   * A line that begins with a byte order mark (Windows tools write one at the start of a stream)
   * was answered -32700 parse error with id null; it is read without the mark.
   */
  @Test
  void aByteOrderMarkAtTheStartOfALineIsSkipped() throws Exception {
    Gated g = gate("\uFEFF" + LIST, "\uFEFF\uFEFF" + PING);
    assertEquals(LIST + "\n", g.passed());
    // One mark is skipped; a second is no JSON.
    assertTrue(
        g.answered().startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,"),
        g.answered());
  }

  @Test
  void aLastMessageWithoutNewlinePassesAndTheEndIsSignalled() throws Exception {
    assertEquals(LIST + "\n", inSession(LIST, new ByteArrayOutputStream()).passed());
  }

  /**
   * Found with a claim_task held behind another process's write lock: a request the gate refuses
   * itself (a subscription to no resource) waits for the answers to the requests before it, and the
   * gate stopped reading stdin meanwhile (up to 90 s). The client's cancellation of the slow claim,
   * sent behind it, was read only after the claim was answered: the answer went out, and the
   * TypeScript SDK's client reported "Received a response for an unknown message ID". The reader
   * goes on: the cancellation is taken at once, and the refusal still comes in its turn.
   */
  @Test
  void aCancellationBehindARefusalWaitingItsTurnIsTakenAtOnce() throws Exception {
    java.io.PipedOutputStream client = new java.io.PipedOutputStream();
    java.io.PipedInputStream stdin = new java.io.PipedInputStream(client, 1024);
    Answers answers = new Answers(McpJsonDefaults.getMapper());
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    java.io.OutputStream out = answers.counting(stdout);
    StdinGate gate =
        new StdinGate(
            stdin,
            McpJsonDefaults.getMapper(),
            answers,
            r ->
                "resources/subscribe".equals(r.method())
                    ? KnownRequests.NOT_FOUND + "no resource mlos://nothing/1"
                    : null,
            r -> {},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    StringBuilder passed = new StringBuilder();
    Thread sdk =
        new Thread(
            () -> {
              try (java.io.BufferedReader in =
                  new java.io.BufferedReader(
                      new java.io.InputStreamReader(gate.input(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  synchronized (passed) {
                    passed.append(line).append('\n');
                  }
                  if (line.contains("\"method\":\"initialize\"")) {
                    out.write(
                        "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{}}\n"
                            .getBytes(StandardCharsets.UTF_8));
                  }
                }
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    sdk.start();
    gate.start();
    String claim =
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":"
            + "\"claim_task\",\"arguments\":{\"task_id\":1}}}";
    String subscribe =
        "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"resources/subscribe\",\"params\":"
            + "{\"uri\":\"mlos://nothing/1\"}}";
    String cancel =
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":"
            + "{\"requestId\":7,\"reason\":\"timed out\"}}";
    client.write(
        (String.join("\n", INIT, INITIALIZED, claim, subscribe) + "\n")
            .getBytes(StandardCharsets.UTF_8));
    client.flush();
    // The claim reaches the SDK (after the initialize's answer, which the stand-in writes alone),
    // which works on it: cancelled from now on, it runs on and only its answer is dropped (one
    // cancelled while it waited at the gate does not run: CancelledRequestTest).
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!passedNow(passed).contains(claim) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(passedNow(passed).contains(claim), passedNow(passed));
    // Then blank lines, more than the pipe holds: once they are written, the gate has read the
    // cancellation (the claim is still not answered).
    Thread writer =
        new Thread(
            () -> {
              try {
                client.write((cancel + "\n").getBytes(StandardCharsets.UTF_8));
                client.write("\n".repeat(8192).getBytes(StandardCharsets.UTF_8));
                client.flush();
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    writer.setDaemon(true);
    writer.start();
    writer.join(10_000);
    assertTrue(
        !writer.isAlive(), "the gate stopped reading stdin behind the refusal waiting its turn");
    // The claim is answered now (the lock let go): the client cancelled it, so it does not go out.
    out.write(
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[]}}\n"
            .getBytes(StandardCharsets.UTF_8));
    client.close();
    gate.awaitEnd();
    gate.release();
    sdk.join();
    assertEquals(
        java.util.List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{}}",
            "{\"jsonrpc\":\"2.0\",\"id\":8,\"error\":{\"code\":-32002,\"message\":\"Resource"
                + " not found: no resource mlos://nothing/1\"}}"),
        stdout.toString(StandardCharsets.UTF_8).lines().toList(),
        "the cancelled claim's answer is not sent; the refusal comes after it, in its turn");
    assertEquals(INIT + "\n" + INITIALIZED + "\n" + claim + "\n", passed.toString());
  }

  /**
   * Found with a raw client: an initialize refused for being longer than 4 MiB, or nested deeper
   * than the reader goes, was not taken as a refused initialize, so the request after it was held
   * as if no initialize had been sent, and answered only when the client closed stdin. It is
   * answered at once, as after any refused initialize.
   */
  @Test
  void aRequestAfterAnInitializeTooLongOrTooDeepIsAnsweredAtOnce() throws Exception {
    String huge =
        INIT.replace(
            "\"name\":\"t\"", "\"name\":\"" + "a".repeat(StdinGate.MAX_MESSAGE_BYTES) + "\"");
    String deep =
        INIT.replace(
            "\"capabilities\":{}",
            "\"capabilities\":{\"x\":" + "[".repeat(1100) + "]".repeat(1100) + "}");
    for (String init : new String[] {huge, deep}) {
      Gated g = gateBeforeSdk("\"result\":{}", init, LIST);
      java.util.List<String> answered = g.answered().lines().toList();
      assertEquals(2, answered.size(), g.answered());
      assertTrue(
          answered.get(0).startsWith("{\"jsonrpc\":\"2.0\",\"id\":0,\"error\""), answered.get(0));
      assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2," + NOT_INITIALIZED, answered.get(1));
      assertEquals("", g.passed(), "the request after it is not held for the SDK");
    }
  }

  private static final String INIT_0326 = INIT.replace("\"2025-06-18\"", "\"2025-03-26\"");

  /** The answer of a stand-in SDK to an initialize of {@code version}. */
  private static String accepted(String version) {
    return "\"result\":{\"protocolVersion\":\"" + version + "\"}";
  }

  private static String standIn(Object id) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + "," + STAND_IN + "}";
  }

  /**
   * A JSON-RPC batch was answered one response per line; JSON-RPC 2.0 answers a batch with one list
   * holding the responses to its requests (none for a notification, nothing at all for a batch of
   * notifications only), and a client that sent one (MCP 2025-03-26 has servers take them) waited
   * for that list. What the gate answers itself (a value that is no message, a key twice, a batch
   * in a batch) joins the SDK's answers, in the batch's order.
   */
  @Test
  void aBatchIsAnsweredWithOneListOfItsRequestsAnswersInItsOrder() throws Exception {
    String batch =
        "[{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}, 5,"
            + " {\"jsonrpc\":\"2.0\",\"id\":\"b\",\"method\":\"tools/list\"},"
            + " {\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\"},"
            + " {\"jsonrpc\":\"2.0\",\"id\":3,\"id\":4,\"method\":\"ping\"}]";
    String notificationsOnly =
        "[{\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\"},"
            + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/y\"}]";
    Gated g =
        beforeSdk(
            true, accepted("2025-03-26"), INIT_0326, INITIALIZED, batch, notificationsOnly, LIST);
    assertEquals(
        java.util.List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{\"protocolVersion\":\"2025-03-26\"}}",
            "["
                + standIn(9)
                + ",{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":"
                + "\"Invalid Request: a message is one object, not a number\"}},"
                + standIn("\"b\"")
                + ",{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":"
                + "\"Invalid Request: key 'id' appears twice in the message; mlos does not guess"
                + " which one you meant: send it once\"}}]",
            standIn(2)),
        g.answered().lines().toList(),
        "one list for the batch, nothing for the notifications, a single answer for a single line");
  }

  /**
   * The requests of a batch sent before initialize are held until the session opens, as a line's
   * are: the batch's list goes out once they are answered, holding the ping the gate answered at
   * once; a held request the client cancelled gets no answer, and a batch of such requests none.
   */
  @Test
  void aBatchSentBeforeTheSessionIsAnsweredOnceItsHeldRequestsAre() throws Exception {
    String held =
        "[{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/list\"},"
            + "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}]";
    String cancelledLater = "[{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}]";
    String cancel =
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":5}}";
    Gated g =
        beforeSdk(
            true, accepted("2025-03-26"), held, cancelledLater, cancel, INIT_0326, INITIALIZED);
    assertEquals(
        java.util.List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{\"protocolVersion\":\"2025-03-26\"}}",
            "[" + standIn(6) + ",{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}]"),
        g.answered().lines().toList());
    assertEquals(
        INIT_0326
            + "\n"
            + INITIALIZED
            + "\n{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/list\"}\n",
        g.passed());
  }

  /**
   * A message reusing the id of a batch's request still at work (JSON-RPC asks a client not to, but
   * one retrying after a timeout does) had the gate's refusal of it take that request's place in
   * the batch's list: the client read "Invalid Request" for a write that landed, and the write's
   * own answer went out alone, after. Each answer now goes where its message came: the refusal
   * alone, the batch's list with its own request's answer.
   */
  @Test
  @org.junit.jupiter.api.Timeout(60)
  void anAnswerOfTheGateUnderTheIdOfABatchsRequestAtWorkStaysOutOfItsList() throws Exception {
    String batch =
        "[{\"jsonrpc\":\"2.0\",\"id\":51,\"method\":\"ping\"},"
            + "{\"jsonrpc\":\"2.0\",\"id\":50,\"method\":\"tools/list\"}]";
    String sameId = "{\"jsonrpc\":\"2.0\",\"id\":50,\"method\":5}";
    Answers answers = new Answers(McpJsonDefaults.getMapper());
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    java.io.OutputStream out = answers.counting(stdout);
    StdinGate gate = lines(answers, INIT_0326, INITIALIZED, batch, sameId);
    String refusal =
        "{\"jsonrpc\":\"2.0\",\"id\":50,\"error\":{\"code\":-32600,\"message\":\"Invalid"
            + " Request: method must be a string, not a number\"}}";
    // A stand-in SDK whose tools/list is at work until the gate handled the line after the batch.
    Thread sdk =
        new Thread(
            () -> {
              try (java.io.BufferedReader in =
                  new java.io.BufferedReader(
                      new java.io.InputStreamReader(gate.input(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  com.fasterxml.jackson.databind.JsonNode m =
                      new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
                  if (!m.has("id")) {
                    continue;
                  }
                  String method = m.get("method").asText();
                  // Until the refusal went out (alone, or, on the old code, in the batch's list).
                  long until = System.nanoTime() + 10_000_000_000L;
                  while (method.equals("tools/list")
                      && !stdout.toString(StandardCharsets.UTF_8).contains("method must")
                      && System.nanoTime() < until) {
                    Thread.sleep(20);
                  }
                  String result =
                      method.equals("initialize")
                          ? accepted("2025-03-26")
                          : "\"result\":{\"" + method.replace('/', '_') + "\":true}";
                  out.write(
                      ("{\"jsonrpc\":\"2.0\",\"id\":" + m.get("id") + "," + result + "}\n")
                          .getBytes(StandardCharsets.UTF_8));
                }
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    sdk.start();
    gate.start();
    gate.awaitEnd();
    gate.release();
    sdk.join();

    assertEquals(
        java.util.List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{\"protocolVersion\":\"2025-03-26\"}}",
            refusal,
            "[{\"jsonrpc\":\"2.0\",\"id\":51,\"result\":{\"ping\":true}},"
                + "{\"jsonrpc\":\"2.0\",\"id\":50,\"result\":{\"tools_list\":true}}]"),
        stdout.toString(StandardCharsets.UTF_8).lines().toList());
  }

  /**
   * MCP 2025-06-18 removed batches: in a session of that version or later a batch is refused whole,
   * each request under its id (in one list), naming the session's version and the fix; nothing in
   * it runs. An initialize in a batch (MCP: "MUST NOT be part of a JSON-RPC batch") is refused so
   * too.
   */
  @Test
  void aBatchIsRefusedWholeInASessionWithoutBatchesAndWhenItHoldsAnInitialize() throws Exception {
    String batch =
        "[{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"},"
            + "{\"jsonrpc\":\"2.0\",\"id\":\"b\",\"method\":\"tools/list\"},"
            + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\"}]";
    String notificationOnly = "[{\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\"}]";
    Gated g =
        beforeSdk(true, accepted("2025-06-18"), INIT, INITIALIZED, batch, notificationOnly, LIST);
    String refused =
        "\"error\":{\"code\":-32600,\"message\":\"Invalid Request: a JSON-RPC batch (a list of"
            + " messages on one line), which this session's MCP version 2025-06-18 does not take"
            + " (MCP 2025-06-18 removed batches); nothing in it was handled\\nFix: send each"
            + " message alone, on a line of its own\"}}";
    assertEquals(
        java.util.List.of(
            "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{\"protocolVersion\":\"2025-06-18\"}}",
            "[{\"jsonrpc\":\"2.0\",\"id\":9,"
                + refused
                + ",{\"jsonrpc\":\"2.0\",\"id\":\"b\","
                + refused
                + "]",
            "{\"jsonrpc\":\"2.0\",\"id\":null," + refused,
            standIn(2)),
        g.answered().lines().toList());
    assertEquals(INIT + "\n" + INITIALIZED + "\n" + LIST + "\n", g.passed());

    Gated init = beforeSdk(true, accepted("2025-03-26"), "[" + INIT_0326 + "," + LIST + "]");
    String inBatch =
        "\"error\":{\"code\":-32600,\"message\":\"Invalid Request: initialize in a batch, which"
            + " MCP does not allow (the session opens before any other message is sent); nothing"
            + " in the batch was handled\\nFix: send initialize alone, on a line of its own, and"
            + " the rest once it is answered\"}}";
    assertEquals(
        "[{\"jsonrpc\":\"2.0\",\"id\":0,"
            + inBatch
            + ",{\"jsonrpc\":\"2.0\",\"id\":2,"
            + inBatch
            + "]\n",
        init.answered());
    assertEquals("", init.passed());
  }

  /**
   * The answers held for batches are bounded: past {@link BatchReplies#MAX_BYTES}, a response is
   * replaced by an error under its id that says so, rather than filling the heap.
   */
  @Test
  void theAnswersHeldForABatchAreBounded() {
    BatchReplies replies = new BatchReplies();
    BatchReplies.Open batch = new BatchReplies.Open();
    replies.expect(batch, "n:1");
    replies.at(batch, 1);
    replies.expect(batch, "n:2");
    assertEquals("", replies.handled(batch));
    String big = "x".repeat(BatchReplies.MAX_BYTES / 2 + 1);
    assertEquals("", replies.take("n:1", 1L, "{\"id\":1,\"r\":\"" + big + "\"}"));
    String list = replies.take("n:2", 2L, "{\"id\":2,\"r\":\"" + big + "\"}");
    assertTrue(list.startsWith("[{\"id\":1,\"r\":\"xxx"), list.substring(0, 20));
    assertTrue(
        list.endsWith(
            ",{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32000,\"message\":"
                + new com.fasterxml.jackson.databind.ObjectMapper()
                    .valueToTree(BatchReplies.TOO_LARGE)
                + "}}]"),
        list.substring(list.length() - 300));
  }

  /**
   * A client that reused a request's id before it was answered (two batches sent before the
   * session, each with a request of id 1) had the second batch take the first's place: the first
   * answer went into the second batch's list, and the first batch waited for good (its list never
   * went out, its entries held until the server ended). The server answers requests in the order
   * they went on, so each answer now goes to the first request of its id still waiting.
   */
  @Test
  void aReusedIdIsAnsweredInTheBatchesInTheOrderTheRequestsWentOn() {
    BatchReplies replies = new BatchReplies();
    BatchReplies.Open first = new BatchReplies.Open();
    replies.expect(first, "n:1");
    assertEquals("", replies.handled(first));
    BatchReplies.Open second = new BatchReplies.Open();
    replies.expect(second, "n:1");
    replies.at(second, 1);
    replies.expect(second, "n:1");
    assertEquals("", replies.handled(second));

    assertEquals("[{\"id\":1,\"a\":1}]", replies.take("n:1", 1L, "{\"id\":1,\"a\":1}"));
    assertEquals("", replies.take("n:1", 1L, "{\"id\":1,\"a\":2}"));
    assertEquals(
        "[{\"id\":1,\"a\":2},{\"id\":1,\"a\":3}]", replies.take("n:1", 1L, "{\"id\":1,\"a\":3}"));
    assertEquals(null, replies.take("n:1", 1L, "{\"id\":1,\"a\":4}"), "none waits any more");
    assertEquals(java.util.List.of(), replies.flush());
  }

  /**
   * A request sent before initialize is held until the session opens; when the client's initialize
   * was accepted but it sent nothing after it (no notifications/initialized, no other request), the
   * request waited until the client closed stdin. The session is taken as opened after {@link
   * Handshake#HELD_WAIT_MILLIS} without a message, and the request passes on and is answered.
   */
  @Test
  @org.junit.jupiter.api.Timeout(60)
  void aRequestHeldFromBeforeInitializeIsAnsweredWhenTheClientSendsNothingAfterIt()
      throws Exception {
    java.io.PipedOutputStream client = new java.io.PipedOutputStream();
    java.io.PipedInputStream stdin = new java.io.PipedInputStream(client);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Answers answers = new Answers(McpJsonDefaults.getMapper());
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    java.io.OutputStream out = answers.counting(stdout);
    StdinGate gate =
        new StdinGate(
            stdin,
            McpJsonDefaults.getMapper(),
            answers,
            r -> null,
            r -> {},
            new PrintStream(log, true, StandardCharsets.UTF_8));
    StringBuilder passed = new StringBuilder();
    Thread sdk = standIn(gate, out, "\"result\":{}", STAND_IN, passed);
    gate.start();
    client.write((LIST + "\n" + INIT + "\n").getBytes(StandardCharsets.UTF_8));
    client.flush();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!passedNow(passed).contains(LIST) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    String soFar;
    synchronized (passed) {
      soFar = passed.toString();
    }
    assertEquals(INIT + "\n" + INITIALIZED + "\n" + LIST + "\n", soFar, "stdin is still open");
    String said = log.toString(StandardCharsets.UTF_8);
    assertTrue(said.contains("the session is taken as initialized for the requests sent"), said);
    // A late notifications/initialized changes nothing.
    client.write((INITIALIZED + "\n").getBytes(StandardCharsets.UTF_8));
    client.close();
    gate.awaitEnd();
    gate.release();
    sdk.join();
    assertEquals(soFar, passedNow(passed));
    assertEquals(
        java.util.List.of("{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{}}", standIn(2)),
        stdout.toString(StandardCharsets.UTF_8).lines().toList());
  }

  /**
   * The SDK answers notifications/roots/list_changed with a roots/list request to the client, even
   * to a client whose initialize declared no roots capability: such a client is asked for something
   * it said it does not have. The gate drops the notification of such a client (stderr says so
   * once) and passes it from a client that declared roots.
   */
  @Test
  void rootsListChangedPassesOnlyFromAClientThatDeclaredRoots() throws Exception {
    String roots = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"}";
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Gated none = inSession(roots + "\n" + roots + "\n" + LIST + "\n", log);
    assertEquals(LIST + "\n", none.passed());
    String said = log.toString(StandardCharsets.UTF_8);
    assertEquals(
        2,
        said.split(
                "ignored notifications/roots/list_changed: the client's initialize declared no"
                    + " roots capability",
                -1)
            .length,
        said);

    Gated declared = gateBeforeSdk("\"result\":{}", INIT_ROOTS, INITIALIZED, roots);
    assertEquals(INIT_ROOTS + "\n" + INITIALIZED + "\n" + roots + "\n", declared.passed());
  }

  private static String passedNow(StringBuilder passed) {
    synchronized (passed) {
      return passed.toString();
    }
  }
}
