package freemarker.core;

import freemarker.core.MlosBuiltInCosts.Charged;
import freemarker.core.MlosBuiltInCosts.Kind;
import freemarker.template.TemplateCollectionModel;
import freemarker.template.TemplateCollectionModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateModelIterator;
import freemarker.template.TemplateScalarModel;
import freemarker.template.TemplateSequenceModel;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.text.CollationKey;
import java.text.Collator;
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
      // charged at each evaluation, its string for each case (comparisons).
      wrapEach(node, SWITCH_BUILT_IN, "?switch", changes);
    }
  }

  /**
   * How often the built-in {@code b} compares its target: with each case value of a {@code ?switch}
   * (at most: the first that matches ends it; FreeMarker normalises both strings at each
   * comparison, so a string of a million characters and a thousand cases was charged a thousandth
   * of its work), once for the others.
   */
  static long comparisons(BuiltIn b) {
    if (!(b instanceof BuiltInsWithLazyConditionals.switch_BI)) {
      return 1;
    }
    try {
      List<?> parameters = (List<?>) SWITCH_BUILT_IN.get(b);
      return parameters == null ? 1 : Math.max(1, parameters.size() / 2);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The keys of the operands FreeMarker compares as strings by normalising both (NFKC). */
  static final Set<String> NORMALISED =
      Set.of("==", "#switch", "#case", "#on", "?switch", "switch");

  /**
   * What normalising {@code text} (NFKC) at a comparison is charged: a step for each character it
   * normalises to, each character counted alone (U+FDFA is 18), a combining mark {@link
   * #MARK_STEPS} (the normaliser reorders and composes around it), each half of a surrogate pair 3
   * (no code point past U+FFFF normalises to more than 6 characters). Charged a step a character,
   * {@code ''?left_pad(20000000, '\uFDFA') == 'x'} normalised 360 million characters in about 10 s
   * for 40 million steps.
   */
  static long normalisedLength(String text) {
    long n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      n += c < 0xA0 ? 1 : normalisedWeight(c);
    }
    return n;
  }

  /** Steps for a combining mark in a string normalised: some hundred nanoseconds each, cold. */
  static final int MARK_STEPS = 4;

  /** Per character, its steps normalised ({@link #normalisedLength}), 0 until first asked. */
  private static final byte[] NORMALISED_WEIGHT = new byte[0x10000];

  private static int normalisedWeight(char c) {
    int w = NORMALISED_WEIGHT[c];
    if (w == 0) {
      if (Character.isSurrogate(c)) {
        w = 3;
      } else {
        w =
            java.text.Normalizer.normalize(String.valueOf(c), java.text.Normalizer.Form.NFKC)
                .length();
        int type = Character.getType(c);
        if (type == Character.NON_SPACING_MARK
            || type == Character.ENCLOSING_MARK
            || type == Character.COMBINING_SPACING_MARK) {
          w = Math.max(w, MARK_STEPS);
        }
        w = Math.max(1, w);
      }
      NORMALISED_WEIGHT[c] = (byte) w; // racing writers write the same value
    }
    return w;
  }

  /** {@code cost * times}, at most {@link Long#MAX_VALUE}. */
  static long times(long cost, long times) {
    return times > 1 && cost > Long.MAX_VALUE / times ? Long.MAX_VALUE : cost * times;
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

  /**
   * The built-ins that sort their target: n * ceil(log2 n) comparisons for n entries, and strings
   * by their lengths at each comparison ({@link #collating}).
   */
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
   * {@code m} as a search reads it, each string entry charged its length as FreeMarker takes it
   * out, so the sequence is walked once, by FreeMarker: a sequence of long strings was charged one
   * step an entry. A collection (a lazy {@code ?map} a search reads) is charged as its entries are
   * iterated. A range (numbers only), or what is neither, is given as it is.
   */
  static TemplateModel entriesCharged(TemplateModel m, Environment env, TemplateObject at)
      throws TemplateModelException {
    if (m instanceof RangeModel || m instanceof TemplateScalarModel || env == null) {
      return m;
    }
    if (!(m instanceof TemplateSequenceModel seq)) {
      return m instanceof TemplateCollectionModel coll
          ? new EntriesChargedCollection(coll, env, at)
          : m;
    }
    return new EntriesCharged(seq, env, at);
  }

  /** A sequence whose string entries are charged as they are read. */
  private record EntriesCharged(TemplateSequenceModel inner, Environment env, TemplateObject at)
      implements TemplateSequenceModel {
    @Override
    public TemplateModel get(int index) throws TemplateModelException {
      return charged(inner.get(index), env, at);
    }

    @Override
    public int size() throws TemplateModelException {
      return inner.size();
    }
  }

  /**
   * A collection whose string entries are charged as they are iterated, each also the length of the
   * value the search that iterates it compares with it ({@link #seek}).
   */
  private static final class EntriesChargedCollection implements TemplateCollectionModel {
    private final TemplateCollectionModel inner;
    private final Environment env;
    private final TemplateObject at;
    private long sought;

    EntriesChargedCollection(TemplateCollectionModel inner, Environment env, TemplateObject at) {
      this.inner = inner;
      this.env = env;
      this.at = at;
    }

    /** The search that iterates this next compares each entry with a value of {@code length}. */
    void seek(long length) {
      sought = length;
    }

    @Override
    public TemplateModelIterator iterator() throws TemplateModelException {
      TemplateModelIterator entries = inner.iterator();
      long each = sought;
      sought = 0;
      return new TemplateModelIterator() {
        @Override
        public TemplateModel next() throws TemplateModelException {
          MlosBuiltInCosts.charge(env, each, at);
          return charged(entries.next(), env, at);
        }

        @Override
        public boolean hasNext() throws TemplateModelException {
          return entries.hasNext();
        }
      };
    }
  }

  private static TemplateModel charged(TemplateModel entry, Environment env, TemplateObject at)
      throws TemplateModelException {
    if (entry instanceof TemplateScalarModel s) {
      String text = s.getAsString();
      if (text != null) {
        MlosBuiltInCosts.charge(env, normalisedLength(text), at);
      }
    }
    return entry;
  }

  /*
   * The sequence or collection ?seq_contains and ?seq_index_of (?seq_last_index_of) search, read
   * from the method they give (private classes of FreeMarker's, looked up once).
   */
  private static final Class<?> SEQ_CONTAINS =
      MlosBuiltInCosts.nested(BuiltInsForSequences.class, "seq_containsBI$BIMethodForSequence");

  private static final Class<?> COLL_CONTAINS =
      MlosBuiltInCosts.nested(BuiltInsForSequences.class, "seq_containsBI$BIMethodForCollection");
  private static final Class<?> SEQ_INDEX_OF =
      MlosBuiltInCosts.nested(BuiltInsForSequences.class, "seq_index_ofBI$BIMethod");
  private static final VarHandle SEQ_CONTAINS_SEQ =
      MlosBuiltInCosts.varHandle(SEQ_CONTAINS, "m_seq", TemplateSequenceModel.class);
  private static final VarHandle COLL_CONTAINS_COLL =
      MlosBuiltInCosts.varHandle(COLL_CONTAINS, "m_coll", TemplateCollectionModel.class);
  private static final VarHandle SEQ_INDEX_OF_SEQ =
      MlosBuiltInCosts.varHandle(SEQ_INDEX_OF, "m_seq", TemplateSequenceModel.class);
  private static final VarHandle SEQ_INDEX_OF_COLL =
      MlosBuiltInCosts.varHandle(SEQ_INDEX_OF, "m_col", TemplateCollectionModel.class);

  /**
   * Charges what comparing the string the first of {@code args} with each entry of the sequence or
   * collection {@code method} searches costs: its length per entry (FreeMarker normalises it at
   * each comparison), at most for a sequence, as the search may end at the first entry; for a
   * collection (a lazy {@code ?map} or {@code ?filter}, whose size is not known before it is
   * walked) as each entry is iterated.
   */
  static void chargeSought(List<?> args, Object method, Environment env, TemplateObject at)
      throws TemplateModelException {
    if (args.isEmpty() || !(args.get(0) instanceof TemplateScalarModel s)) {
      return;
    }
    Object seq =
        SEQ_CONTAINS.isInstance(method)
            ? SEQ_CONTAINS_SEQ.get(method)
            : COLL_CONTAINS.isInstance(method)
                ? COLL_CONTAINS_COLL.get(method)
                : SEQ_INDEX_OF.isInstance(method)
                    ? firstNonNull(SEQ_INDEX_OF_SEQ.get(method), SEQ_INDEX_OF_COLL.get(method))
                    : null;
    String text = s.getAsString();
    // One character normalised alone is paid by the step of its entry: one that normalises to
    // more (U+FDFA, 18) is compared at every entry as long.
    long length = text == null ? 0 : normalisedLength(text);
    if (length <= 1) {
      return;
    }
    if (seq instanceof TemplateSequenceModel entries) {
      MlosBuiltInCosts.charge(env, times(length, entries.size()), at);
    } else if (seq instanceof EntriesChargedCollection entries) {
      entries.seek(length);
    } else if (seq instanceof TemplateCollectionModelEx entries) {
      MlosBuiltInCosts.charge(env, times(length, entries.size()), at);
    }
  }

  private static Object firstNonNull(Object a, Object b) {
    return a != null ? a : b;
  }

  /**
   * Steps for each character of both strings a sort compares, at each comparison: FreeMarker sorts
   * strings with the locale's collator (Java's RuleBasedCollator), which walks both strings up to
   * their first difference in order (and over their ends when all else is ignorable or differs in
   * accents or case only): 150 to 460 ns a character of both on a busy machine of two cores, where
   * a step of an empty loop took about 80 ns.
   */
  static final long COLLATED_CHAR_STEPS = 8;

  private static final VarHandle COLLATOR =
      MlosBuiltInCosts.varHandle(Environment.class, "cachedCollator", Collator.class);

  /**
   * Makes the collator FreeMarker's {@code ?sort} and {@code ?sort_by} are about to take from
   * {@code env} charge each comparison of two strings at {@code at} by both their lengths ({@link
   * #collationCost}). A sort of strings that share a long beginning compares them again and again,
   * each comparison walking them, where charging each string once (its length times ceil(log2 n))
   * left out what each comparison costs and how often one string is compared (Java's sort compared
   * one of 32 random entries 29 times, not 5); two strings of a million characters sorted in a loop
   * took 50 s to reach the bound, sorted by a key (not charged at all) they never did. {@code
   * <#setting locale>} drops the collator, so it is made again here, before each sort.
   */
  static void collating(Environment env, TemplateObject at) {
    if (env == null) {
      return;
    }
    Collator current = (Collator) COLLATOR.get(env);
    if (current instanceof ChargedCollator charged && charged.at == at) {
      return;
    }
    Collator inner = current instanceof ChargedCollator charged ? charged.inner : env.getCollator();
    COLLATOR.set(env, new ChargedCollator(inner, env, at));
  }

  /**
   * What comparing strings of {@code a} and {@code b} characters is charged: both lengths (no
   * overflow, they are at most 2^31 each).
   */
  static long collationCost(int a, int b) {
    return COLLATED_CHAR_STEPS * ((long) a + b);
  }

  /**
   * What comparing {@code source} and {@code target} with {@code inner} is charged: up to just past
   * their first difference where the collator surely stops there (and the copy of both it makes,
   * {@link #COPIED_CHARS_PER_STEP}), else both lengths ({@link #collationCost(int, int)}). The
   * collator stops at the first difference of primary weight (a different letter, not a different
   * case or accent); two strings that are the same up to a pair of ASCII letters or digits of
   * different primary weight (asked of {@code inner} itself, so a locale's own rules count, as
   * Swedish's v and w once did), each followed by an ASCII character or its end (so no combining
   * mark after it makes the collator read on to normalise), differ there. Titles sorted by a
   * workspace's template mostly differ in their first letters: charging them their whole lengths
   * made a sort of 10,000 titles of 60 characters cost 115 million steps, almost half the bound,
   * for a sort that takes milliseconds.
   */
  static long collationCost(Collator inner, String source, String target) {
    return collationCost(primaryTable(inner), inner, source, target);
  }

  /** {@link #collationCost(Collator, String, String)} with {@code inner}'s table given. */
  private static long collationCost(byte[] table, Collator inner, String source, String target) {
    int a = source == null ? 0 : source.length();
    int b = target == null ? 0 : target.length();
    if (source != null && target != null) {
      int n = Math.min(a, b);
      int i = 0;
      while (i < n && source.charAt(i) == target.charAt(i)) {
        i++;
      }
      if (i < n
          && asciiNext(source, i + 1)
          && asciiNext(target, i + 1)
          && primaryDiffers(table, inner, source.charAt(i), target.charAt(i))) {
        return COLLATED_CHAR_STEPS * 2 * ((long) i + 2)
            + ((long) a + b) / COPIED_CHARS_PER_STEP
            + 8;
      }
    }
    return collationCost(a, b);
  }

  /**
   * Characters of both strings per step a comparison pays however early they differ: Java's
   * collator copies each string it compares (into the buffer of its normaliser's iterator), a
   * string of a million characters against {@code 'b'} 0.08 to 1.5 ms on a busy machine of two
   * cores; with 8 steps a comparison for the rest of its fixed work.
   */
  static final long COPIED_CHARS_PER_STEP = 16;

  private static boolean asciiNext(String s, int i) {
    return i >= s.length() || s.charAt(i) < 0x80;
  }

  private static boolean asciiAlphanumeric(char c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  /** Per collator (by its rules): for two ASCII letters or digits, 1 differs in primary, 2 not. */
  private static final java.util.Map<Collator, byte[]> PRIMARY = new java.util.WeakHashMap<>();

  private static final int MAX_COLLATORS = 64;

  /**
   * {@code inner}'s table of {@link #PRIMARY}, made empty at first; null when too many are kept.
   */
  private static byte[] primaryTable(Collator inner) {
    synchronized (PRIMARY) {
      byte[] known = PRIMARY.get(inner);
      if (known == null && PRIMARY.size() < MAX_COLLATORS) {
        known = new byte[128 * 128];
        PRIMARY.put(inner, known);
      }
      return known;
    }
  }

  private static boolean primaryDiffers(byte[] known, Collator inner, char c, char d) {
    if (known == null || !asciiAlphanumeric(c) || !asciiAlphanumeric(d)) {
      return false; // charged both lengths: right, only dearer
    }
    int k = c * 128 + d;
    if (known[k] == 0) {
      Collator primary = (Collator) inner.clone();
      primary.setStrength(Collator.PRIMARY);
      byte said = primary.compare(String.valueOf(c), String.valueOf(d)) != 0 ? (byte) 1 : 2;
      known[k] = said; // racing writers write the same value
      known[d * 128 + c] = said;
    }
    return known[k] == 1;
  }

  /**
   * A collator that charges each comparison before it runs. What the charge throws past the bound
   * FreeMarker's sort wraps as a template error (an {@code #attempt} can catch that); the render's
   * step bound keeps it and throws it again at the next step, at the end, or for that error.
   */
  private static final class ChargedCollator extends Collator {
    private final Collator inner;
    private final Environment env;
    private final TemplateObject at;

    private final byte[] primaryTable;

    ChargedCollator(Collator inner, Environment env, TemplateObject at) {
      this.primaryTable = primaryTable(inner);
      this.inner = inner;
      this.env = env;
      this.at = at;
    }

    @Override
    public int compare(String source, String target) {
      MlosBuiltInCosts.charge(env, collationCost(primaryTable, inner, source, target), at);
      return inner.compare(source, target);
    }

    @Override
    public CollationKey getCollationKey(String source) {
      MlosBuiltInCosts.charge(env, collationCost(source == null ? 0 : source.length(), 0), at);
      return inner.getCollationKey(source);
    }

    @Override
    public int hashCode() {
      return inner.hashCode();
    }

    @Override
    public boolean equals(Object that) {
      return that instanceof ChargedCollator c && c.inner.equals(inner);
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
