package dev.mlos.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/**
 * mlos.json reads JSON with a YAML loader, which refuses characters JSON allows raw in a string and
 * SQLite's json functions write raw (a title holding DEL or U+FEFF broke PROBLEM.md's compile).
 */
class JsonFunctionTest {
  @Test
  void charactersYamlMayNotHoldRawBecomeJsonEscapes() {
    assertEquals("[\"a\\u007Fb\\u0085c\\uFEFFd\\u2028e\\uD83Df\"]",
        MlosFunctions.yamlPrintable("[\"a\u007Fb\u0085c\uFEFFd\u2028e\uD83Df\"]"));
  }

  @Test
  void printableJsonIsLeftAsItIs() {
    String json = "[{\"title\":\"caf\u00e9 \uD83D\uDE80 \u65E5\u672C\",\"n\":1}]\n";
    assertSame(json, MlosFunctions.yamlPrintable(json));
  }
}
