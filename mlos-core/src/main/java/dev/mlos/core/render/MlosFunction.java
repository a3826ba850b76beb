package dev.mlos.core.render;

import freemarker.core.MlosBuiltInCosts;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import java.util.List;

/**
 * A function of the {@code mlos} object. Each is Java of mlos's whose work and result are in
 * proportion to what it is given, or to a file it reads within the page size limit: what it is
 * given is charged to the page's step bound as the call starts ({@link
 * TemplateSteps#chargeArguments}), and {@link MlosBuiltInCosts} does not wrap and measure its
 * result again (a page calls these thousands of times).
 */
@FunctionalInterface
interface MlosFunction extends TemplateMethodModelEx, MlosBuiltInCosts.Bounded {
  /** The function's work, given its arguments as FreeMarker passes them. */
  Object run(List<?> args) throws TemplateModelException;

  @Override
  default Object exec(@SuppressWarnings("rawtypes") List arguments) throws TemplateModelException {
    TemplateSteps.chargeArguments(arguments);
    return run(arguments);
  }
}
