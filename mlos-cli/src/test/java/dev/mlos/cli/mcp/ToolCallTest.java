package dev.mlos.cli.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.engine.RefusedException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Arguments of a shape the schema should have refused are still refused by name, never a
 * ClassCastException.
 */
class ToolCallTest {

  @Test
  void wellShapedArgumentsAreRead() {
    ToolCall c =
        new ToolCall(
            Map.of("need_id", 4, "title", "t", "tags", List.of("a"), "detail", true, "big", 7.0));
    assertEquals(4L, c.requiredId("need_id"));
    assertEquals("t", c.text("title"));
    assertEquals(List.of("a"), c.texts("tags"));
    assertTrue(c.flag("detail"));
    assertEquals(7, c.integer("big"));
    assertNull(c.text("absent"));
    assertNull(new ToolCall(null).id("need_id"));
    assertEquals(
        Map.of("_shape", "book"),
        new ToolCall(Map.of("record", Map.of("_shape", "book"))).object("record"));
    assertNull(c.object("record"));
  }

  @Test
  void badlyShapedArgumentsAreRefusedNamingTheArgument() {
    ToolCall c =
        new ToolCall(
            Map.of(
                "need_id",
                1.5,
                "title",
                3,
                "tags",
                List.of(1),
                "detail",
                "yes",
                "zero",
                0,
                "tasks",
                List.of("x"),
                "record",
                List.of()));
    for (Runnable r :
        List.<Runnable>of(
            () -> c.id("need_id"),
            () -> c.text("title"),
            () -> c.texts("tags"),
            () -> c.flag("detail"),
            () -> c.id("zero"),
            () -> c.objects("tasks"),
            () -> c.requiredId("missing"),
            () -> c.object("record"))) {
      RefusedException e = assertThrows(RefusedException.class, r::run);
      assertEquals("input", e.rule());
      assertTrue(e.getMessage().startsWith("argument '"), e.getMessage());
    }
  }

  /**
   * A number beyond a long names no row: it is refused, never narrowed (2^64 + 5 wrapped to 5 and
   * would have claimed task 5; 1e30 saturated to the largest long).
   */
  @Test
  void anIdBeyondALongIsRefusedNotWrappedOntoAnotherRow() {
    java.math.BigInteger wraps =
        java.math.BigInteger.TWO.pow(64).add(java.math.BigInteger.valueOf(5));
    for (Object huge :
        List.<Object>of(
            wraps,
            new java.math.BigInteger("99999999999999999999"),
            1e30,
            Double.POSITIVE_INFINITY,
            java.math.BigInteger.valueOf(Long.MIN_VALUE),
            new java.math.BigDecimal("1e400"))) {
      ToolCall c = new ToolCall(Map.of("task_id", huge, "limit", huge));
      RefusedException e = assertThrows(RefusedException.class, () -> c.id("task_id"), "" + huge);
      assertEquals("input", e.rule());
      assertTrue(e.getMessage().startsWith("argument 'task_id' must be"), e.getMessage());
      assertThrows(RefusedException.class, () -> c.integer("limit"), "" + huge);
    }
    assertEquals(
        Long.MAX_VALUE,
        new ToolCall(Map.of("task_id", java.math.BigInteger.valueOf(Long.MAX_VALUE)))
            .id("task_id"));
    assertEquals(
        5L, new ToolCall(Map.of("task_id", new java.math.BigDecimal("5.0"))).id("task_id"));
  }

  /**
   * A round with the TypeScript SDK's client: get_need with need_id 1e30 (an integer to the schema)
   * was answered with the rule and no fix.
   */
  @Test
  void anIdOutOfRangeSaysWhereSuchIdsAreFound() {
    RefusedException e =
        assertThrows(
            RefusedException.class, () -> new ToolCall(Map.of("need_id", 1e30)).id("need_id"));
    assertEquals(
        "refused (input): argument 'need_id' must be an integer id of 1 or more (at most"
            + " 9223372036854775807). Fix: pass need_id as a whole number, the id a row is shown"
            + " with (need 5: 5); find the need's id with search or ready_work",
        McpSuggestions.INSTANCE.refusal(e));
    assertEquals(
        "pass parent_need_id as a whole number, the id a row is shown with (need 5: 5); find the"
            + " need's id with search or ready_work",
        assertThrows(
                RefusedException.class,
                () -> new ToolCall(Map.of("parent_need_id", 0)).id("parent_need_id"))
            .fix(McpSuggestions.INSTANCE));
    assertEquals(
        "pass target_id as a whole number, the id a row is shown with (need 5: 5); find the"
            + " artifact's id with search (type artifact)",
        assertThrows(
                RefusedException.class,
                () ->
                    new ToolCall(Map.of("target_type", "artifact", "target_id", -3))
                        .id("target_id"))
            .fix(McpSuggestions.INSTANCE));
    // An edge's end of no known kind: the fix names no place.
    assertEquals(
        "pass source_id as a whole number, the id a row is shown with (need 5: 5)",
        assertThrows(
                RefusedException.class, () -> new ToolCall(Map.of("source_id", -3)).id("source_id"))
            .fix(McpSuggestions.INSTANCE));
  }

  /**
   * A user trial: update_need with {@code clear: []} was answered with the need, as if changed,
   * though it names no field; an empty {@code tags} does change the need (it empties its tags).
   */
  @Test
  void anEmptyClearNamesNoFieldButEmptyTagsDo() {
    RefusedException nothing =
        assertThrows(
            RefusedException.class,
            () ->
                new ToolCall(Map.of("need_id", 1, "clear", List.of()))
                    .requireAny("a status changes with transition_need", ToolCall.NEED_FIELDS));
    assertEquals("input", nothing.rule());
    assertEquals("nothing to change (a status changes with transition_need)", nothing.getMessage());
    assertTrue(nothing.fix().startsWith("give title, description, "), nothing.fix());
    new ToolCall(Map.of("need_id", 1, "tags", List.of()))
        .requireAny("a status changes with transition_need", ToolCall.NEED_FIELDS);
    new ToolCall(Map.of("need_id", 1, "clear", List.of("scope")))
        .requireAny("a status changes with transition_need", ToolCall.NEED_FIELDS);
  }
}
