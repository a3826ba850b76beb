package freemarker.core;

import freemarker.core.MlosBuiltInCosts.Charged;
import freemarker.core.MlosBuiltInCosts.Kind;
import freemarker.template.TemplateCollectionModel;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateModelIterator;
import freemarker.template.TemplateScalarModel;
import freemarker.template.TemplateSequenceModel;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Set;

/**
 * mlos's, not FreeMarker's: the part of {@link MlosBuiltInCosts} that charges built-ins whose work
 * is more comparisons than the entries or characters they are given: sorts, and the text searches
 * FreeMarker's string built-ins run without a regular expression ({@code ?contains}, {@code
 * ?index_of}, {@code ?replace}, {@code ?split}, {@code ?keep_after}...). Java's {@code
 * String.indexOf} compares the text sought at every place of the string: a string of a million
 * {@code a}s searched for half a million {@code a}s and a {@code b} is 2.5 * 10^11 comparisons,
 * tens of seconds for one call that was charged the million characters of its string only.
 *
 * <p>And the comparisons of the template: FreeMarker compares two strings ({@code ==}, {@code !=},
 * a {@code #switch}'s value with each {@code #case} or {@code #on}; it refuses {@code <} and the
 * like on strings) by normalising both (NFKC, with the incompatible improvements mlos sets), in
 * time proportional to their lengths, at every comparison: two strings of a million characters
 * compared ten million times in a loop of as many steps. Each operand is charged its length where
 * the comparison evaluates it (a number, a boolean or a date nothing), as {@code +} charges what it
 * joins; a {@code #switch} evaluates its value again for each case it compares, so that is charged
 * at each case too. The built-ins that compare the entries of a sequence ({@code ?seq_contains},
 * {@code ?seq_index_of}, {@code ?sort}) are charged each string entry's length as they read it.
 */
final class MlosComparisonCosts {
  private MlosComparisonCosts() {}

  private static final Field COMPARED_LEFT =
      MlosBuiltInCosts.field(ComparisonExpression.class, "left");
  private static final Field COMPARED_RIGHT =
      MlosBuiltInCosts.field(ComparisonExpression.class, "right");
  private static final Field SWITCHED = MlosBuiltInCosts.field(SwitchBlock.class, "searched");
  private static final Field CASE = MlosBuiltInCosts.field(Case.class, "condition");
  private static final Field ON = MlosBuiltInCosts.field(On.class, "conditions");
  private static final Field SWITCH_BUILT_IN =
      MlosBuiltInCosts.field(BuiltInsWithLazyConditionals.switch_BI.class, "parameters");

  /** Adds to {@code changes} the charging of what the comparison {@code node} compares, if any. */
  static void plan(TemplateObject node, List<Runnable> changes) {
    if (node instanceof ComparisonExpression) {
      MlosBuiltInCosts.wrap(node, COMPARED_LEFT, Kind.INPUT, "==", changes);
      MlosBuiltInCosts.wrap(node, COMPARED_RIGHT, Kind.INPUT, "==", changes);
    } else if (node instanceof SwitchBlock) {
      MlosBuiltInCosts.wrap(node, SWITCHED, Kind.INPUT, "#switch", changes);
    } else if (node instanceof Case) {
      MlosBuiltInCosts.wrap(node, CASE, Kind.INPUT, "#case", changes);
    } else if (node instanceof On) {
      wrapEach(node, ON, "#on", changes);
    } else if (node instanceof BuiltInsWithLazyConditionals.switch_BI) {
      // s?switch(a, x, b, y) compares its string with each case value it evaluates: those are
      // charged at each evaluation, its string once (the built-in is not a fixed cost).
      wrapEach(node, SWITCH_BUILT_IN, "?switch", changes);
    }
  }

  private static void wrapEach(TemplateObject node, Field f, String key, List<Runnable> changes) {
    changes.add(
        () -> {
          try {
            @SuppressWarnings("unchecked")
            List<Expression> list = (List<Expression>) f.get(node);
            if (list != null) {
              list.replaceAll(
                  c ->
                      c == null || c instanceof Charged || MlosBuiltInCosts.small(c)
                          ? c
                          : new Charged(c, Kind.INPUT, key));
            }
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** The built-ins that sort their target: n * ceil(log2 n) comparisons for n entries. */
  static final Set<String> SORTS = Set.of("sort", "sort_by", "sortBy");

  /** The built-ins that compare the value they are given with each entry of their sequence. */
  static final Set<String> SOUGHT =
      Set.of(
          "seq_contains",
          "seqContains",
          "seq_index_of",
          "seqIndexOf",
          "seq_last_index_of",
          "seqLastIndexOf");

  /**
   * The built-ins that compare the entries of their sequence, each string by its length (one
   * comparison each for a search, ceil(log2 n) for a sort of n entries).
   */
  static final Set<String> ENTRIES =
      Set.of(
          "seq_contains",
          "seqContains",
          "seq_index_of",
          "seqIndexOf",
          "seq_last_index_of",
          "seqLastIndexOf",
          "sort");

  /**
   * {@code m} as the built-in {@code key} reads it, each string entry charged its length (times the
   * comparisons a sort makes of it) as FreeMarker takes it out, so the sequence is walked once, by
   * FreeMarker: a sequence of long strings was charged one step an entry. A collection (a lazy
   * {@code ?map} a search reads) is charged as its entries are iterated. A range (numbers only), or
   * what is neither, is given as it is.
   */
  static TemplateModel entriesCharged(
      TemplateModel m, String key, Environment env, TemplateObject at)
      throws TemplateModelException {
    if (m instanceof RangeModel || m instanceof TemplateScalarModel || env == null) {
      return m;
    }
    if (!(m instanceof TemplateSequenceModel seq)) {
      return m instanceof TemplateCollectionModel coll && SOUGHT.contains(key)
          ? new EntriesChargedCollection(coll, env, at)
          : m;
    }
    int size = seq.size();
    long perChar = SORTS.contains(key) && size > 1 ? 64 - Long.numberOfLeadingZeros(size - 1) : 1;
    return new EntriesCharged(seq, perChar, env, at);
  }

  /** A sequence whose string entries are charged as they are read. */
  private static final class EntriesCharged implements TemplateSequenceModel {
    private final TemplateSequenceModel inner;
    private final long perChar;
    private final Environment env;
    private final TemplateObject at;

    EntriesCharged(TemplateSequenceModel inner, long perChar, Environment env, TemplateObject at) {
      this.inner = inner;
      this.perChar = perChar;
      this.env = env;
      this.at = at;
    }

    @Override
    public TemplateModel get(int index) throws TemplateModelException {
      return charged(inner.get(index), perChar, env, at);
    }

    @Override
    public int size() throws TemplateModelException {
      return inner.size();
    }
  }

  /** A collection whose string entries are charged as they are iterated. */
  private record EntriesChargedCollection(
      TemplateCollectionModel inner, Environment env, TemplateObject at)
      implements TemplateCollectionModel {
    @Override
    public TemplateModelIterator iterator() throws TemplateModelException {
      TemplateModelIterator entries = inner.iterator();
      return new TemplateModelIterator() {
        @Override
        public TemplateModel next() throws TemplateModelException {
          return charged(entries.next(), 1, env, at);
        }

        @Override
        public boolean hasNext() throws TemplateModelException {
          return entries.hasNext();
        }
      };
    }
  }

  private static TemplateModel charged(
      TemplateModel entry, long perChar, Environment env, TemplateObject at)
      throws TemplateModelException {
    if (entry instanceof TemplateScalarModel s) {
      String text = s.getAsString();
      if (text != null) {
        MlosBuiltInCosts.charge(env, text.length() * perChar, at);
      }
    }
    return entry;
  }

  /*
   * The sequence ?seq_contains and ?seq_index_of (?seq_last_index_of) search, read from the method
   * they give (private classes of FreeMarker's, looked up once).
   */
  private static final Class<?> SEQ_CONTAINS =
      MlosBuiltInCosts.nested(BuiltInsForSequences.class, "seq_containsBI$BIMethodForSequence");

  private static final Class<?> SEQ_INDEX_OF =
      MlosBuiltInCosts.nested(BuiltInsForSequences.class, "seq_index_ofBI$BIMethod");
  private static final VarHandle SEQ_CONTAINS_SEQ =
      MlosBuiltInCosts.varHandle(SEQ_CONTAINS, "m_seq", TemplateSequenceModel.class);
  private static final VarHandle SEQ_INDEX_OF_SEQ =
      MlosBuiltInCosts.varHandle(SEQ_INDEX_OF, "m_seq", TemplateSequenceModel.class);

  /**
   * Charges what comparing the string the first of {@code args} with each entry of the sequence
   * {@code method} searches costs: its length per entry (FreeMarker normalises it at each
   * comparison), at most, as the search may end at the first entry.
   */
  static void chargeSought(List<?> args, Object method, Environment env, TemplateObject at)
      throws TemplateModelException {
    if (args.isEmpty() || !(args.get(0) instanceof TemplateScalarModel s)) {
      return;
    }
    Object seq =
        SEQ_CONTAINS.isInstance(method)
            ? SEQ_CONTAINS_SEQ.get(method)
            : SEQ_INDEX_OF.isInstance(method) ? SEQ_INDEX_OF_SEQ.get(method) : null;
    String text = s.getAsString();
    if (seq instanceof TemplateSequenceModel entries && text != null && text.length() > 1) {
      MlosBuiltInCosts.charge(env, (long) text.length() * entries.size(), at);
    }
  }

  /** {@code n * ceil(log2 n)}, at most {@link Long#MAX_VALUE}. */
  static long sortCost(long n) {
    if (n <= 1) {
      return n;
    }
    int log = 64 - Long.numberOfLeadingZeros(n - 1);
    return n > Long.MAX_VALUE / log ? Long.MAX_VALUE : n * log;
  }

  /** The built-ins that search their string for the text given as their first argument. */
  static final Set<String> SEARCH =
      Set.of(
          "contains",
          "index_of",
          "indexOf",
          "last_index_of",
          "lastIndexOf",
          "replace",
          "split",
          "keep_after",
          "keepAfter",
          "keep_after_last",
          "keepAfterLast",
          "keep_before",
          "keepBefore",
          "keep_before_last",
          "keepBeforeLast");

  /*
   * ?contains and ?index_of are not BuiltInForString: the string they search is read from the
   * method they give (private classes of FreeMarker's, looked up once).
   */
  private static final Class<?> CONTAINS =
      MlosBuiltInCosts.nested(BuiltInsForStringsBasic.class, "containsBI$BIMethod");

  private static final Class<?> INDEX_OF =
      MlosBuiltInCosts.nested(BuiltInsForStringsBasic.class, "index_ofBI$BIMethod");
  private static final VarHandle CONTAINS_TEXT =
      MlosBuiltInCosts.varHandle(CONTAINS, "s", String.class);
  private static final VarHandle INDEX_OF_TEXT =
      MlosBuiltInCosts.varHandle(INDEX_OF, "s", String.class);

  /**
   * Charges what searching {@code target} (or the string {@code method} searches, when {@code
   * target} is null) for the first of {@code args} costs beyond the target's characters, already
   * charged where the built-in was evaluated: the search compares up to the sought text's length at
   * each place it may start, (n - m + 1) * m for a string of n characters and a text of m. With the
   * flag {@code r} the regular expression is charged instead ({@link MlosRegexCosts}).
   */
  static void charge(
      List<?> args, String target, Object method, Environment env, TemplateObject at, String key)
      throws TemplateModelException {
    if (args.isEmpty()) {
      return;
    }
    String text = target;
    if (text == null && CONTAINS.isInstance(method)) {
      text = (String) CONTAINS_TEXT.get(method);
    } else if (text == null && INDEX_OF.isInstance(method)) {
      text = (String) INDEX_OF_TEXT.get(method);
    }
    String sought = MlosRegexCosts.text(args, 0);
    if (text == null || sought == null) {
      return;
    }
    String flags = MlosRegexCosts.text(args, key.equals("replace") ? 2 : 1);
    if (flags != null && flags.indexOf('r') >= 0) {
      return;
    }
    long n = text.length();
    long m = sought.length();
    if (m > 1 && m <= n) {
      MlosBuiltInCosts.charge(env, (m - 1) * (n - m), at); // (n - m + 1) * m, less the n
    }
  }
}
