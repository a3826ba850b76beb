package dev.mlos.core.render;

import freemarker.core.MlosBuiltInCosts;
import freemarker.template.TemplateMethodModelEx;

/**
 * A function of the {@code mlos} object. Each is Java of mlos's: its work and its result are in
 * proportion to what it is given (text or rows a template made or read, each charged to the page's
 * step bound where it was made) or to a file it reads within the page size limit, so {@link
 * MlosBuiltInCosts} does not charge its calls again (a page calls them thousands of times).
 */
@FunctionalInterface
interface MlosFunction extends TemplateMethodModelEx, MlosBuiltInCosts.Bounded {}
