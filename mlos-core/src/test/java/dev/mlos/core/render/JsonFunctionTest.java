package dev.mlos.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import freemarker.template.Configuration;
import freemarker.template.SimpleObjectWrapper;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * mlos.json reads JSON with a JSON parser. It used to read it as YAML 1.1, which refused valid JSON
 * ("a\/b", and characters JSON allows raw in a string that SQLite's json functions write raw: a
 * title holding DEL or U+FEFF broke PROBLEM.md's compile) and silently kept the last of two equal
 * keys.
 */
class JsonFunctionTest {
  private static String render(String json) throws Exception {
    Configuration c = new Configuration(Configuration.VERSION_2_3_34);
    c.setNumberFormat("computer");
    c.setLocale(Locale.ROOT);
    c.setObjectWrapper(new SimpleObjectWrapper(Configuration.VERSION_2_3_34));
    c.setLogTemplateExceptions(false);
    Template t = new Template("t", "<#list mlos.json(text) as r>${r.title}|${r.n}</#list>", c);
    StringWriter out = new StringWriter();
    t.process(
        Map.of("text", json, "mlos", new MlosFunctions(Path.of("/ws"), Path.of("/ws"), Map.of())),
        out);
    return out.toString();
  }

  @Test
  void everyJsonEscapeIsRead() throws Exception {
    assertEquals("a/b \"q\" \u00e9|1", render("[{\"title\":\"a\\/b \\\"q\\\" \\u00e9\",\"n\":1}]"));
  }

  @Test
  void charactersJsonAllowsRawInAStringAreKept() throws Exception {
    String title = "a\u007Fb\u0085c\uFEFFd\u2028e caf\u00e9 \uD83D\uDE80";
    assertEquals(title + "|2", render("[{\"title\":\"" + title + "\",\"n\":2}]"));
  }

  @Test
  void aRepeatedKeyIsRefusedNamingLineAndKey() {
    TemplateException e =
        assertThrows(
            TemplateException.class,
            () -> render("[{\"title\":\"a\",\n \"title\":\"b\",\"n\":1}]"));
    assertTrue(
        e.getMessage().contains("mlos.json argument:2:2: key 'title' appears twice"),
        e.getMessage());
  }

  @Test
  void notJsonIsRefusedWithItsPosition() {
    TemplateException e = assertThrows(TemplateException.class, () -> render("[{\"title\": a}]"));
    assertTrue(e.getMessage().contains("mlos.json argument:1:12: not valid JSON"), e.getMessage());
  }

  @Test
  void emptyTextIsAnEmptyList() throws Exception {
    assertEquals("", render(""));
  }
}
