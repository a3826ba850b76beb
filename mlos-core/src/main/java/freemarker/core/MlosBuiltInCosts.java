package freemarker.core;

import freemarker.template.Template;
import freemarker.template.TemplateCollectionModelEx;
import freemarker.template.TemplateException;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateHashModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateScalarModel;
import freemarker.template.TemplateSequenceModel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * mlos's, not FreeMarker's: puts a cost on the work FreeMarker's built-ins and operators do in
 * Java, where a {@link TemplateProcessingTracer} sees nothing. {@code
 * (1..2000000000)?seq_contains(-1)} is one step for the tracer and two billion comparisons; {@code
 * s + s} repeated forty times is a sequence (or hash) of 2^40 entries built in forty steps; {@code
 * [s, s]?join("")} doubles a string in one. Each is charged to the render's {@link Meter} in
 * proportion to the size of what it works on, so a page's render ends within one bound, counted
 * alike on every machine.
 *
 * <p>It lives in FreeMarker's package because the parsed tree it instruments (the built-ins, their
 * targets, method calls, {@code +}) is FreeMarker's package-private API; mlos depends on one
 * FreeMarker version, and every template load fails (BuiltInStepLimitTest with it) if a field it
 * reaches is renamed.
 */
public final class MlosBuiltInCosts {
  private MlosBuiltInCosts() {}

  /** Where a render's costs go: the same bound as its steps. */
  public interface Meter {
    /** Adds {@code steps}, charged for the expression {@code at}; throws past the bound. */
    void charge(long steps, TemplateObject at);

    /** The steps taken so far. */
    long steps();
  }

  /**
   * A method whose work and result are bounded by what it is given, which was charged where it was
   * made (mlos's own functions: Java that escapes, lays out or parses the text or rows it is given,
   * or reads a file within the page size limit): its calls are not charged again.
   */
  public interface Bounded {}

  /** Characters of a string a built-in reads or makes for one step. */
  static final int CHARS_PER_STEP = 1;

  /**
   * What a {@link Meter} throws past its bound: a FreeMarker flow control exception, so neither
   * {@code #attempt} nor FreeMarker's wrapping of unchecked exceptions catches it; the render ends
   * where it was thrown.
   */
  public abstract static class Stop extends FlowControlException {
    protected Stop(String message) {
      super(message);
    }
  }

  /**
   * Built-ins that do a fixed amount of work whatever their target's size (or, for the existence
   * built-ins, must see their target as it was parsed): their target is not charged.
   */
  private static final Set<String> FIXED_COST =
      Set.of(
          "size",
          "first",
          "last",
          "length",
          "has_content",
          "hasContent",
          "if_exists",
          "ifExists",
          "exists",
          "default",
          "c",
          "cn",
          "then",
          "item_parity",
          "has_next",
          "index",
          "counter",
          "item_cycle",
          "with_args",
          "withArgs",
          "with_args_last",
          "withArgsLast");

  /** Whether built-in {@code key} does a fixed amount of work (the type tests too: ?is_string). */
  private static boolean fixedCost(String key) {
    return FIXED_COST.contains(key)
        || key.startsWith("is_")
        || (key.length() > 2 && key.startsWith("is") && Character.isUpperCase(key.charAt(2)));
  }

  /** A sequence charged a step for each entry read. */
  private record ReadCharged(TemplateSequenceModel inner, Environment env, TemplateObject at)
      implements TemplateSequenceModel {
    @Override
    public TemplateModel get(int index) throws TemplateModelException {
      charge(env, 1, at);
      return inner.get(index);
    }

    @Override
    public int size() throws TemplateModelException {
      return inner.size();
    }
  }

  /** The built-ins whose first argument is the length of the string they make. */
  private static final Set<String> MAKES_LENGTH =
      Set.of("left_pad", "leftPad", "right_pad", "rightPad");

  /**
   * Adds the costs to every built-in, {@code +}, method call, slice and interpolation of {@code t}.
   * Once per template, before any thread renders it (it changes the tree).
   */
  public static void addTo(Template t) {
    TemplateElement root = t.getRootTreeNode();
    if (root == null) {
      return;
    }
    List<Runnable> changes = new ArrayList<>();
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Object> todo = new ArrayDeque<>();
    Set<Object> listed = Collections.newSetFromMap(new IdentityHashMap<>());
    todo.push(root);
    while (!todo.isEmpty()) {
      Object o = todo.pop();
      if (!(o instanceof TemplateObject node) || !seen.add(o)) {
        if (o instanceof List<?> list) {
          list.forEach(todo::push);
        } else if (o instanceof Map<?, ?> map) {
          map.values().forEach(todo::push);
        }
        continue;
      }
      if (node instanceof TemplateElement e) {
        for (int i = 0; i < e.getChildCount(); i++) {
          todo.push(e.getChild(i));
        }
      }
      for (int i = 0; i < node.getParameterCount(); i++) {
        Object p = node.getParameterValue(i);
        if (p != null) {
          todo.push(p);
        }
      }
      plan(node, changes, todo, listed);
    }
    changes.forEach(Runnable::run);
  }

  /** The changes {@code node} needs, run after the walk (they change the tree). */
  private static void plan(
      TemplateObject node, List<Runnable> changes, Deque<Object> todo, Set<Object> listed) {
    // A #list reads a lazy ?filter, ?map, ?take_while or ?drop_while (chain) an entry a turn, and
    // keeps none: its source is charged each entry as read, so a #break that ends it early is not
    // charged two billion for (1..2000000000)?filter(...). Elsewhere (?join, #assign) what it reads
    // may be kept, and its source is charged whole, before.
    for (Object e = node instanceof IteratorBlock ? read(node, LISTED) : null;
        e instanceof IntermediateStreamOperationLikeBuiltIn b && b.isLazilyGeneratedResultEnabled();
        e = b.target) {
      listed.add(e);
    }
    if (node instanceof BuiltIn b && !fixedCost(b.key) && b.target != null && !small(b.target)) {
      long times = MlosComparisonCosts.comparisons(b);
      boolean asRead = listed.contains(b);
      changes.add(() -> b.target = new Charged(b.target, Kind.INPUT, b.key, false, times, asRead));
    } else if (node instanceof AddConcatExpression) {
      wrap(node, PLUS_LEFT, Kind.INPUT, "+", changes);
      wrap(node, PLUS_RIGHT, Kind.INPUT, "+", changes);
    } else if (node instanceof MethodCall) {
      Object target = read(node, CALL_TARGET);
      String key = target instanceof BuiltIn b ? b.key : null;
      wrap(node, CALL_TARGET, Kind.METHOD, key, changes);
    } else if (node instanceof DynamicKeyName && read(node, KEY_EXPRESSION) instanceof Range) {
      wrap(node, KEY_TARGET, Kind.INPUT, "[..]", changes);
    } else if (node instanceof DollarVariable) {
      // What is written: a capture (<#assign x>${x}${x}</#assign>) or a string literal's "${x}${x}"
      // doubles a string in a step, the page size limit does not see it.
      Object escaped = read(node, ESCAPED);
      if (escaped != null) {
        todo.push(escaped);
      }
      wrap(node, ESCAPED, Kind.INPUT, "${}", changes);
    }
    MlosComparisonCosts.plan(node, changes);
    MlosHeldBuiltIns.plan(node, CALL_TARGET, changes);
  }

  static boolean makesLength(String key) {
    return MAKES_LENGTH.contains(key);
  }

  /**
   * {@code b}, kept instead of called where it is named: the method it gives is charged on each
   * call as a direct call to it is, evaluating {@code b} again included.
   */
  static Expression keptMethod(BuiltIn b, String key) {
    return new Charged(b, Kind.METHOD, key, true, 1, false);
  }

  /*
   * The fields of FreeMarker's tree and models mlos reads or changes, looked up once here: at load
   * the tree's, at render only VarHandles (FreeMarker's + made sequence and hash, a block's text).
   */
  private static final Field PLUS_LEFT = field(AddConcatExpression.class, "left");
  private static final Field PLUS_RIGHT = field(AddConcatExpression.class, "right");
  private static final Field CALL_TARGET = field(MethodCall.class, "target");
  private static final Field KEY_EXPRESSION = field(DynamicKeyName.class, "keyExpression");
  private static final Field KEY_TARGET = field(DynamicKeyName.class, "target");
  private static final Field ESCAPED = field(DollarVariable.class, "escapedExpression");
  private static final Field LISTED = field(IteratorBlock.class, "listedExp");

  static void wrap(TemplateObject owner, Field f, Kind kind, String key, List<Runnable> changes) {
    changes.add(
        () -> {
          try {
            Expression inner = (Expression) f.get(owner);
            if (inner != null
                && !(inner instanceof Charged)
                && !(kind == Kind.INPUT && small(inner))) {
              f.set(owner, new Charged(inner, kind, key));
            }
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static Object read(Object owner, Field field) {
    try {
      return field.get(owner);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  static Field field(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f;
      } catch (NoSuchFieldException next) {
        // a superclass may declare it
      }
    }
    throw new IllegalStateException(
        "FreeMarker's "
            + type.getName()
            + " has no field "
            + name
            + ": mlos needs the version it"
            + " was built with");
  }

  /** Longest string literal left uncharged: its work is as small as the step its element costs. */
  private static final int SMALL_LITERAL = 64;

  /**
   * Whether {@code e} is a constant whose cost is at most a small fixed amount (a number, a
   * boolean, a string literal without ${...} of up to {@link #SMALL_LITERAL} characters, normalised
   * too): a page uses thousands of them ({@code "need-" + n.id}) and charging them bounds nothing.
   */
  static boolean small(Expression e) {
    return e instanceof NumberLiteral
        || e instanceof BooleanLiteral
        || (e instanceof StringLiteral s
            && s.isLiteral()
            && s.getAsString().length() <= SMALL_LITERAL
            // Compared, a literal is normalised: 64 times U+FDFA is 1,152 characters.
            && MlosComparisonCosts.normalisedLength(s.getAsString()) <= SMALL_LITERAL);
  }

  enum Kind {
    /** What an expression gives a built-in or an operator to work on: charged by its size. */
    INPUT,
    /** A method a call runs (a built-in such as ?join, a function): charged by its result. */
    METHOD
  }

  /**
   * {@code cost} steps for the value {@code m}: a string's characters over {@link #CHARS_PER_STEP},
   * a sequence's or hash's entries, and for a sequence or hash made by {@code +} the entries of all
   * its parts as FreeMarker walks them (a part added to itself counts twice).
   */
  public static long cost(TemplateModel m) throws TemplateModelException {
    if (m == null || m instanceof LazilyGeneratedCollectionModel) {
      return 0; // a lazy ?filter or ?map: its source was charged where it entered the built-in
    }
    long c = 0;
    if (m instanceof TemplateScalarModel s) {
      String text = s.getAsString();
      c = text == null ? 0 : text.length() / CHARS_PER_STEP;
    }
    if (madeByPlus(m)) {
      c = Math.max(c, unfolded(m, new IdentityHashMap<>()));
    } else if (m instanceof TemplateSequenceModel seq) {
      c = Math.max(c, seq.size());
    } else if (m instanceof TemplateHashModelEx hash) {
      c = Math.max(c, hash.size());
    } else if (m instanceof TemplateCollectionModelEx coll) {
      c = Math.max(c, coll.size());
    }
    return c;
  }

  /**
   * The entries of a {@code +} made sequence or hash as FreeMarker walks its parts, each part as
   * often as it occurs (FreeMarker's own size() and lookups do, so {@code s + s} forty times is
   * 2^40), computed once per distinct part, without FreeMarker's walk.
   */
  private static long unfolded(TemplateModel m, Map<TemplateModel, Long> memo)
      throws TemplateModelException {
    Long known = memo.get(m);
    if (known != null) {
      return known;
    }
    long n;
    if (SEQUENCE_SUM.isInstance(m)) {
      n =
          saturatedAdd(
              unfolded((TemplateModel) SEQUENCE_LEFT.get(m), memo),
              unfolded((TemplateModel) SEQUENCE_RIGHT.get(m), memo));
    } else if (HASH_SUM.isInstance(m)) {
      n =
          saturatedAdd(
              unfolded((TemplateModel) HASH_LEFT.get(m), memo),
              unfolded((TemplateModel) HASH_RIGHT.get(m), memo));
    } else if (m instanceof TemplateSequenceModel seq) {
      n = Math.max(1, seq.size());
    } else if (m instanceof TemplateHashModelEx hash) {
      n = Math.max(1, hash.size());
    } else {
      n = 1;
    }
    memo.put(m, n);
    return n;
  }

  private static final VarHandle TEXT = varHandle(TextBlock.class, "text", char[].class);

  /**
   * The characters {@code element} writes as it is when it is a block of text, else 0: inside a
   * capture or an {@code #attempt}, which FreeMarker buffers out of the page size limit's sight, a
   * loop of text grew until the heap ran out.
   */
  public static long textLength(Object element) {
    if (!(element instanceof TextBlock)) {
      return 0;
    }
    char[] text = (char[]) TEXT.get(element);
    return text == null ? 0 : text.length / CHARS_PER_STEP;
  }

  /**
   * Whether entering {@code element} starts a call: a macro or function's body, or a template a
   * {@code #include} brings in ({@code Include} is package-private).
   */
  public static boolean isCall(Object element) {
    return element instanceof Macro || element instanceof Include;
  }

  /** FreeMarker's sequence and hash of {@code a + b} (private classes). */
  private static final Class<?> SEQUENCE_SUM =
      nested(AddConcatExpression.class, "ConcatenatedSequence");

  private static final Class<?> HASH_SUM = nested(AddConcatExpression.class, "ConcatenatedHash");

  private static final VarHandle SEQUENCE_LEFT =
      varHandle(SEQUENCE_SUM, "left", TemplateSequenceModel.class);
  private static final VarHandle SEQUENCE_RIGHT =
      varHandle(SEQUENCE_SUM, "right", TemplateSequenceModel.class);
  private static final VarHandle HASH_LEFT = varHandle(HASH_SUM, "left", TemplateHashModel.class);
  private static final VarHandle HASH_RIGHT = varHandle(HASH_SUM, "right", TemplateHashModel.class);

  /** FreeMarker's field {@code name} of {@code owner}, private too: fails if it was renamed. */
  static VarHandle varHandle(Class<?> owner, String name, Class<?> type) {
    try {
      return MethodHandles.privateLookupIn(owner, MethodHandles.lookup())
          .findVarHandle(owner, name, type);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "FreeMarker's "
              + owner.getName()
              + " has no field "
              + name
              + ": mlos needs the version it was built with",
          e);
    }
  }

  /** FreeMarker's class {@code name} nested in {@code outer}: fails if it was renamed. */
  static Class<?> nested(Class<?> outer, String name) {
    try {
      return Class.forName(outer.getName() + "$" + name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "FreeMarker has no " + name + ": mlos needs the version it was built with", e);
    }
  }

  private static boolean madeByPlus(TemplateModel m) {
    return SEQUENCE_SUM.isInstance(m) || HASH_SUM.isInstance(m);
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  static void charge(Environment env, long steps, TemplateObject at) {
    if (steps > 0 && env != null && env.getTemplateProcessingTracer() instanceof Meter meter) {
      meter.charge(steps, at);
    }
  }

  private static long steps(Environment env) {
    return env != null && env.getTemplateProcessingTracer() instanceof Meter meter
        ? meter.steps()
        : 0;
  }

  /** An expression as it was, its value charged before the built-in or operator gets it. */
  static final class Charged extends Expression {
    private final Expression inner;
    private final Kind kind;
    private final String key;
    private final boolean kept;
    private final boolean regex;
    private final boolean search;
    private final boolean sorts;
    private final boolean entries;
    private final boolean sought;
    private final boolean makesLength;
    private final boolean normalised;
    private final long times;
    private final boolean asRead;

    Charged(Expression inner, Kind kind, String key) {
      this(inner, kind, key, false, 1, false);
    }

    /**
     * {@code times}: how often the value is compared (each case of a ?switch), else 1; {@code
     * asRead}: a sequence is charged an entry as it is read (by a #list), not whole.
     */
    Charged(Expression inner, Kind kind, String key, boolean kept, long times, boolean asRead) {
      this.inner = inner;
      this.times = times;
      this.asRead = asRead;
      this.kind = kind;
      this.key = key;
      this.kept = kept;
      this.regex = kind == Kind.METHOD && key != null && MlosRegexCosts.REGEX.contains(key);
      this.search = kind == Kind.METHOD && key != null && MlosComparisonCosts.SEARCH.contains(key);
      this.sorts = key != null && MlosComparisonCosts.SORTS.contains(key);
      this.entries = kind == Kind.INPUT && key != null && MlosComparisonCosts.SOUGHT.contains(key);
      this.sought = kind == Kind.METHOD && key != null && MlosComparisonCosts.SOUGHT.contains(key);
      this.makesLength = key != null && MAKES_LENGTH.contains(key);
      this.normalised =
          kind == Kind.INPUT && key != null && MlosComparisonCosts.NORMALISED.contains(key);
      setLocation(
          inner.getTemplate(), inner.beginColumn, inner.beginLine, inner.endColumn, inner.endLine);
    }

    @Override
    TemplateModel _eval(Environment env) throws TemplateException {
      long before = kept ? steps(env) : 0;
      String target = null;
      TemplateModel m;
      if ((regex || search) && inner instanceof BuiltInForString b) {
        // What BuiltInForString does, keeping the string the method will search.
        target = BuiltInForString.getTargetString(b.target, env);
        m = b.calculateResult(target, env);
      } else {
        m = inner.eval(env);
      }
      if (kind == Kind.METHOD) {
        // Kept, each call costs what evaluating the built-in (its target) cost, as at a direct
        // call.
        return m instanceof Bounded
            ? m
            : MlosChargedMethods.of(m, env, this, target, kept ? steps(env) - before : 0);
      }
      if (sorts) {
        MlosComparisonCosts.collating(env, this);
      }
      if (asRead && m instanceof TemplateSequenceModel seq && !madeByPlus(m)) {
        return new ReadCharged(seq, env, this);
      }
      long c =
          normalised && m instanceof TemplateScalarModel text && text.getAsString() != null
              ? MlosComparisonCosts.normalisedLength(text.getAsString())
              : cost(m);
      charge(
          env, sorts ? MlosComparisonCosts.sortCost(c) : MlosComparisonCosts.times(c, times), this);
      return entries ? MlosComparisonCosts.entriesCharged(m, env, this) : m;
    }

    /** The charges of one call of the method this gives, before it runs. */
    void chargeCall(List<?> arguments, String target, Object method, long perCall, Environment env)
        throws TemplateModelException {
      charge(env, perCall, this);
      if (sorts) {
        MlosComparisonCosts.collating(env, this); // ?sort_by's keys, compared as it sorts
      }
      MlosRegexCosts.charge(arguments, target, env, this, key);
      if (search) {
        MlosComparisonCosts.charge(arguments, target, method, env, this, key);
      } else if (sought) {
        MlosComparisonCosts.chargeSought(arguments, method, env, this);
      }
    }

    boolean makesLength() {
      return makesLength;
    }

    @Override
    boolean isLiteral() {
      return false;
    }

    @Override
    protected Expression deepCloneWithIdentifierReplaced_inner(
        String replacedIdentifier, Expression replacement, ReplacemenetState replacementState) {
      return new Charged(
          inner.deepCloneWithIdentifierReplaced(replacedIdentifier, replacement, replacementState),
          kind,
          key,
          kept,
          times,
          asRead);
    }

    @Override
    public String getCanonicalForm() {
      return inner.getCanonicalForm();
    }

    @Override
    String getNodeTypeSymbol() {
      return inner.getNodeTypeSymbol();
    }

    @Override
    int getParameterCount() {
      return inner.getParameterCount();
    }

    @Override
    Object getParameterValue(int idx) {
      return inner.getParameterValue(idx);
    }

    @Override
    ParameterRole getParameterRole(int idx) {
      return inner.getParameterRole(idx);
    }
  }
}
