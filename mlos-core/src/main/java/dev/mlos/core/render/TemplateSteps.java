package dev.mlos.core.render;

import freemarker.core.Environment;
import freemarker.core.Macro;
import freemarker.core.MlosBuiltInCosts;
import freemarker.core.TemplateObject;
import freemarker.core.TemplateProcessingTracer;
import freemarker.core._CoreAPI;
import freemarker.template.Template;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import java.util.List;
import java.util.Locale;

/**
 * Bounds the steps of one page's render: a template (the workspace's own, committed with a clone)
 * can loop or recurse without writing anything ({@code <#list 1..2000000000 as i></#list>}, a macro
 * that calls itself twice forty levels deep), which the page size limit never sees, and would run
 * the compile, CI's guard and the MCP server's recompile for hours. Every element FreeMarker enters
 * (and each character of a block of text) is a step; each turn of a loop is one too ({@link
 * #addLoopSteps} puts an element at the start of every loop body, which is also where FreeMarker
 * checks the thread's interruption). Built-ins and {@code +} work in Java where no element is
 * entered ({@code (1..2000000000)?seq_contains(-1)} is one element): {@link MlosBuiltInCosts}
 * charges them here, a step for each entry or character they work through. Counted in steps, not
 * seconds, so a page renders or fails alike on every machine.
 */
final class TemplateSteps implements TemplateProcessingTracer, MlosBuiltInCosts.Meter {
  /**
   * Most steps for one page: some seconds of CPU, many times what the largest honest page takes.
   */
  static final long MAX_STEPS = 250_000_000L;

  /**
   * Most calls open inside each other (macros, functions, #include): far deeper than an honest page
   * recurses (a tree of needs), and well inside a thread's default stack of 1 MiB however cold the
   * JIT. A bound on depth, not the stack's end, so that the same page stops at the same call on
   * every machine: where the stack ran out depended on the JIT and the stack size, and so did the
   * line the refusal named.
   */
  static final int MAX_DEPTH = 300;

  private long steps;

  /** The bound: {@link #MAX_STEPS}, less only where mlos's own tests ask for it. */
  private final long maxSteps;

  private int depth;

  TemplateSteps() {
    this(MAX_STEPS);
  }

  /**
   * @param maxSteps the most steps for one page: {@link #MAX_STEPS}, or less for mlos's own tests,
   *     which would otherwise spend minutes reaching it (never a setting)
   */
  TemplateSteps(long maxSteps) {
    this.maxSteps = maxSteps;
  }

  /**
   * The refusal thrown when the bound was passed, kept: FreeMarker wraps what a sort's comparison
   * throws as a template error, which an {@code #attempt} may catch, so the next step, the end of
   * the render and that error throw it again, naming where the bound was passed.
   */
  private Exceeded exceeded;

  /** The element entered last, for the message when the stack ran out. */
  private TracedElement last;

  /**
   * Adds a step at the start of every loop body of {@code t}. Once per template, before any thread
   * renders it: the configuration calls it under the template's lock when it first hands it out.
   */
  static void addLoopSteps(Template t) {
    _CoreAPI.addThreadInterruptedChecks(t);
    MlosBuiltInCosts.addTo(t);
  }

  @Override
  public void enterElement(Environment env, TracedElement element) {
    if (MlosBuiltInCosts.isCall(element) && ++depth > MAX_DEPTH) {
      // Entering a macro or function names its definition; the call that entered it is the line
      // to fix, and it was entered just before (an #include is its own call).
      throw new TooDeep(element instanceof Macro && last != null ? last : element);
    }
    last = element;
    steps += 1 + MlosBuiltInCosts.textLength(element);
    if (steps > maxSteps) {
      throw exceeded(
          element.getTemplate(), element.getBeginLine(), element.getBeginColumn(), What.LOOP);
    }
  }

  @Override
  public void charge(long cost, TemplateObject at) {
    steps = cost > maxSteps ? maxSteps + 1 : steps + cost;
    if (steps > maxSteps) {
      throw exceeded(at.getTemplate(), at.getBeginLine(), at.getBeginColumn(), What.BUILT_IN);
    }
  }

  private Exceeded exceeded(Template template, int line, int column, What what) {
    if (exceeded == null) {
      exceeded = new Exceeded(template, line, column, what, maxSteps);
    }
    return exceeded;
  }

  /** The refusal thrown when the bound was passed, or null while it was not. */
  Exceeded exceeded() {
    return exceeded;
  }

  @Override
  public long steps() {
    return steps;
  }

  /**
   * Adds {@code cost} for arithmetic ({@link BoundedArithmetic}), at the element entered last (an
   * operation does not know its expression).
   */
  void chargeArithmetic(long cost) {
    chargeLast(cost, What.ARITHMETIC);
  }

  /**
   * Adds what an {@link MlosFunction} is given (a sequence's entries, a string's characters), at
   * the element entered last: its work is in proportion to that, and a range ({@code
   * mlos.budget(1..2000000000, 1)}) costs nothing to make.
   */
  static void chargeArguments(List<?> args) throws TemplateModelException {
    Environment env = Environment.getCurrentEnvironment();
    if (env != null && env.getTemplateProcessingTracer() instanceof TemplateSteps meter) {
      long cost = 0;
      for (Object a : args) {
        if (a instanceof TemplateModel m) {
          cost += Math.min(MlosBuiltInCosts.cost(m), MAX_STEPS + 1);
        }
      }
      meter.chargeLast(cost, What.BUILT_IN);
    }
  }

  private void chargeLast(long cost, What what) {
    steps = cost > maxSteps ? maxSteps + 1 : steps + cost;
    if (steps > maxSteps) {
      throw exceeded(
          last == null ? null : last.getTemplate(),
          last == null ? 0 : last.getBeginLine(),
          last == null ? 0 : last.getBeginColumn(),
          what);
    }
  }

  /** What ran past the bound, for the words of the refusal. */
  enum What {
    LOOP,
    BUILT_IN,
    ARITHMETIC
  }

  /**
   * Throws the refusal when the bound was passed but the render went on (nothing should catch a
   * {@link Exceeded}; this makes sure no page renders past it).
   */
  void checkEnded() {
    if (steps > maxSteps) {
      throw exceeded(last == null ? null : last.getTemplate(), 0, 0, What.LOOP);
    }
  }

  @Override
  public void exitElement(Environment env, TracedElement element) {
    if (MlosBuiltInCosts.isCall(element)) {
      depth--;
    }
  }

  /** The template of the element entered last, as FreeMarker names it (null when none). */
  String template() {
    return last == null || last.getTemplate() == null ? null : last.getTemplate().getSourceName();
  }

  /**
   * The refusal of a page whose render ran out of stack before {@link #MAX_DEPTH} (a thread with a
   * small stack), named where it was then.
   */
  TemplateRenderException tooDeep(String view, String template, String row, String outputPath) {
    return tooDeep(
        view,
        template,
        last == null ? 0 : last.getBeginLine(),
        last == null ? 0 : last.getBeginColumn(),
        row,
        outputPath,
        "too deep for the Java stack");
  }

  private static TemplateRenderException tooDeep(
      String view,
      String template,
      int line,
      int column,
      String row,
      String outputPath,
      String how) {
    return new TemplateRenderException(
        view,
        template,
        line,
        column,
        row,
        "stopped rendering page "
            + outputPath
            + ": macros, functions or #includes called inside each other "
            + how
            + " (a macro, function or template that calls itself without end)",
        "give the recursion at that line an end (a #if on a depth it passes itself), or loop over"
            + " the rows a query returns instead",
        null);
  }

  /** The page nested more than {@link #MAX_DEPTH} calls; the call that went past it. */
  static final class TooDeep extends MlosBuiltInCosts.Stop {
    private final String template;
    private final int line;
    private final int column;

    TooDeep(TracedElement at) {
      super("more than " + MAX_DEPTH + " calls inside each other");
      this.template = at.getTemplate() == null ? null : at.getTemplate().getSourceName();
      this.line = at.getBeginLine();
      this.column = at.getBeginColumn();
    }

    /** The template it stopped in, as FreeMarker names it (null when not known). */
    String template() {
      return template;
    }

    /** The refusal: which page, where in which template, and the fix. */
    TemplateRenderException refusal(String view, String template, String row, String outputPath) {
      return tooDeep(
          view, template, line, column, row, outputPath, "more than " + MAX_DEPTH + " deep");
    }
  }

  /** The page took more than its bound ({@link #MAX_STEPS}); where it was then. */
  static final class Exceeded extends MlosBuiltInCosts.Stop {
    private final String template;
    private final int line;
    private final int column;
    private final What what;
    private final long bound;

    Exceeded(Template template, int line, int column, What what, long bound) {
      super("stopped after " + steps(bound) + " template steps");
      this.bound = bound;
      this.template = template == null ? null : template.getSourceName();
      this.line = line;
      this.column = column;
      this.what = what;
    }

    /** The template it stopped in, as FreeMarker names it (null when not known). */
    String template() {
      return template;
    }

    /** The refusal: which page, where in which template, and the fix. */
    TemplateRenderException refusal(String view, String template, String row, String outputPath) {
      return new TemplateRenderException(
          view,
          template,
          line,
          column,
          row,
          "stopped rendering page "
              + outputPath
              + " after "
              + steps(bound)
              + " template steps (directives, interpolations, loop turns, macro calls, and each entry"
              + " or character a built-in, + or comparison works through, arithmetic by the size of"
              + " its numbers) for one page: "
              + switch (what) {
                case BUILT_IN ->
                    "a built-in, + or comparison over a huge range, sequence or string"
                        + " (?seq_contains or ?filter over 1..2000000000, a sequence or string added to"
                        + " itself again and again, long strings compared again and again)";
                case ARITHMETIC ->
                    "arithmetic on huge numbers (a number multiplied by itself"
                        + " again and again, a text read as a number with a huge exponent)";
                case LOOP ->
                    "a #list over a huge range, or a macro or function that calls itself"
                        + " without end";
              },
          switch (what) {
            case BUILT_IN ->
                "bound what the built-in, + or comparison at that line works on (loop over the"
                    + " rows a query returns, with a LIMIT, and let the query filter, sort and join"
                    + " them, not a computed range); an honest page takes far fewer steps";
            case ARITHMETIC ->
                "bound the numbers the arithmetic at that line works on (let the"
                    + " query compute them); an honest page takes far fewer steps";
            case LOOP ->
                "bound the loop or the recursion at that line (loop over the rows a query"
                    + " returns, with a LIMIT, not over a computed range); an honest page takes far"
                    + " fewer steps";
          },
          this);
    }

    private static String steps(long bound) {
      return String.format(Locale.ROOT, "%,d", bound);
    }
  }
}
