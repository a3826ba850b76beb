package freemarker.core;

import freemarker.core.MlosBuiltInCosts.Charged;
import freemarker.template.TemplateMethodModel;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;
import java.util.List;

/**
 * mlos's, not FreeMarker's: the part of {@link MlosBuiltInCosts} that charges each call of the
 * method a built-in gives ({@code ?join}, {@code ?replace}, {@code ?sort_by}, a kept {@code
 * ?seq_contains}...), before it runs ({@link Charged#chargeCall}) and by its result after.
 */
final class MlosChargedMethods {
  private MlosChargedMethods() {}

  /**
   * {@code m} charged on each call at {@code at} when it is a method not charged yet, each call
   * also {@code perCall} (what evaluating a kept built-in again costs); else {@code m}.
   */
  static TemplateModel of(
      TemplateModel m, Environment env, Charged at, String target, long perCall) {
    if (m instanceof ChargedMethodEx || m instanceof ChargedMethod) {
      return m;
    }
    if (m instanceof TemplateMethodModelEx method) {
      return new ChargedMethodEx(method, env, at, target, perCall);
    }
    if (m instanceof TemplateMethodModel method) {
      return new ChargedMethod(method, env, at, target, perCall);
    }
    return m;
  }

  /** A built-in's method (?join, ?replace, ?left_pad...), its result charged. */
  private static final class ChargedMethodEx implements TemplateMethodModelEx {
    private final TemplateMethodModelEx inner;
    private final Environment env;
    private final Charged at;
    private final String target;
    private final long perCall;

    ChargedMethodEx(
        TemplateMethodModelEx inner, Environment env, Charged at, String target, long perCall) {
      this.inner = inner;
      this.env = env;
      this.at = at;
      this.target = target;
      this.perCall = perCall;
    }

    @Override
    public Object exec(@SuppressWarnings("rawtypes") List arguments) throws TemplateModelException {
      if (at.makesLength()
          && !arguments.isEmpty()
          && arguments.get(0) instanceof TemplateNumberModel n
          && n.getAsNumber() != null) {
        // Before the string is made: ?left_pad(2000000000) would fill the heap first.
        MlosBuiltInCosts.charge(
            env, Math.max(0, n.getAsNumber().longValue()) / MlosBuiltInCosts.CHARS_PER_STEP, at);
      }
      at.chargeCall(arguments, target, inner, perCall, env);
      Object result = inner.exec(arguments);
      chargeResult(env, result, at);
      return result;
    }
  }

  /** A method given its arguments as strings, its result charged. */
  private static final class ChargedMethod implements TemplateMethodModel {
    private final TemplateMethodModel inner;
    private final Environment env;
    private final Charged at;
    private final String target;
    private final long perCall;

    ChargedMethod(
        TemplateMethodModel inner, Environment env, Charged at, String target, long perCall) {
      this.inner = inner;
      this.env = env;
      this.at = at;
      this.target = target;
      this.perCall = perCall;
    }

    @Override
    public Object exec(@SuppressWarnings("rawtypes") List arguments) throws TemplateModelException {
      at.chargeCall(arguments, target, inner, perCall, env);
      Object result = inner.exec(arguments);
      chargeResult(env, result, at);
      return result;
    }
  }

  private static void chargeResult(Environment env, Object result, Charged at)
      throws TemplateModelException {
    if (result instanceof TemplateModel model) {
      MlosBuiltInCosts.charge(env, MlosBuiltInCosts.cost(model), at);
    } else if (result instanceof CharSequence text) {
      MlosBuiltInCosts.charge(env, text.length() / MlosBuiltInCosts.CHARS_PER_STEP, at);
    }
  }
}
