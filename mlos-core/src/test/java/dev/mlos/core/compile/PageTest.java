package dev.mlos.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlos.core.path.WorkspacePath;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A rendered page cannot change after it is made: the writer and the hasher see the same fields.
 */
class PageTest {
  private static Page page(LinkedHashMap<String, Object> fields) {
    return new Page("needs", WorkspacePath.of("needs/a.md"), "{\"id\":1}", fields, "body\n", null);
  }

  @Test
  void neitherTheMapPassedInNorTheMapHandedOutChangesThePage() {
    LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
    fields.put("title", "A");
    fields.put("status", "open");
    Page page = page(fields);
    fields.put("title", "changed by the caller");
    fields.put("extra", 1L);
    page.fields().put("status", "changed through the accessor");
    page.fields().clear();
    assertEquals(List.of("title", "status"), List.copyOf(page.fields().keySet()), "order kept");
    assertEquals("A", page.fields().get("title"));
    assertEquals("open", page.fields().get("status"));
    assertEquals(page, page(new LinkedHashMap<>(page.fields())), "equal by value");
  }

  @Test
  void everyPartButTheInputHashIsRequired() {
    LinkedHashMap<String, Object> none = new LinkedHashMap<>();
    WorkspacePath path = WorkspacePath.of("a.md");
    assertThrows(NullPointerException.class, () -> new Page(null, path, "[]", none, "", null));
    assertThrows(NullPointerException.class, () -> new Page("v", null, "[]", none, "", null));
    assertThrows(NullPointerException.class, () -> new Page("v", path, null, none, "", null));
    assertThrows(NullPointerException.class, () -> new Page("v", path, "[]", null, "", null));
    assertThrows(NullPointerException.class, () -> new Page("v", path, "[]", none, null, null));
    assertEquals(null, new Page("v", path, "[]", none, "", null).inputHash());
  }
}
