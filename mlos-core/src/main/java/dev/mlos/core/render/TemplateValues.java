package dev.mlos.core.render;

import freemarker.template.TemplateBooleanModel;
import freemarker.template.TemplateCollectionModel;
import freemarker.template.TemplateDateModel;
import freemarker.template.TemplateHashModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateModelIterator;
import freemarker.template.TemplateNumberModel;
import freemarker.template.TemplateScalarModel;
import freemarker.template.TemplateSequenceModel;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** FreeMarker values as plain Java values (a page's {@code meta}, the rows given to a function). */
final class TemplateValues {
  private TemplateValues() {}

  /** A FreeMarker value as String, Long, Double, Boolean, null or List of those. */
  static Object plain(TemplateModel m) throws TemplateModelException {
    if (m == null) {
      return null;
    }
    if (m instanceof TemplateNumberModel n) {
      Number v = n.getAsNumber();
      if (v instanceof BigDecimal bd) {
        try {
          return bd.longValueExact();
        } catch (ArithmeticException e) {
          return bd.doubleValue();
        }
      }
      if (v instanceof Integer
          || v instanceof Long
          || v instanceof Short
          || v instanceof Byte
          || v instanceof BigInteger) {
        return v.longValue();
      }
      return v.doubleValue();
    }
    if (m instanceof TemplateBooleanModel b) {
      return b.getAsBoolean();
    }
    if (m instanceof TemplateScalarModel s) {
      return s.getAsString();
    }
    if (m instanceof TemplateDateModel d) {
      return Instant.ofEpochMilli(d.getAsDate().getTime()).toString();
    }
    if (m instanceof TemplateSequenceModel seq) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < seq.size(); i++) {
        out.add(plain(seq.get(i)));
      }
      return out;
    }
    if (m instanceof TemplateCollectionModel col) {
      List<Object> out = new ArrayList<>();
      TemplateModelIterator it = col.iterator();
      while (it.hasNext()) {
        out.add(plain(it.next()));
      }
      return out;
    }
    if (m instanceof TemplateHashModelEx h) {
      Map<String, Object> out = new LinkedHashMap<>();
      TemplateModelIterator keys = h.keys().iterator();
      while (keys.hasNext()) {
        String k = ((TemplateScalarModel) keys.next()).getAsString();
        out.put(k, plain(h.get(k)));
      }
      return out;
    }
    return m.toString();
  }
}
