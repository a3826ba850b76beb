package dev.mlos.core.config;

import dev.mlos.core.MlosException;
import dev.mlos.core.view.ParameterizedSql;
import dev.mlos.core.yaml.FileTooLargeException;
import dev.mlos.core.yaml.InvalidYamlException;
import dev.mlos.core.yaml.LimitedFile;
import dev.mlos.core.yaml.YamlLimits;
import dev.mlos.core.yaml.YamlNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that merges configuration. Precedence, highest first: {@link ConfigOverrides} (the
 * adapter's parameters), the workspace's {@code mlos.yaml}, the pack's {@code pack.yaml}, the
 * built-in defaults.
 */
public final class ConfigLoader {
  /** Pack used when {@code mlos.yaml} names none. */
  public static final String DEFAULT_PACK = "mlos";

  /** {@code pack: none} compiles only the workspace's own views. */
  public static final String NO_PACK = "none";

  private static final Set<String> WORKSPACE_KEYS =
      Set.of(
          "workspace",
          "database",
          "output",
          "pack",
          "params",
          "views",
          "max_page_bytes",
          "max_pages_per_view");
  private static final Set<String> PACK_KEYS =
      Set.of("name", "description", "schemas", "params", "types", "lists", "views");
  private static final Set<String> VIEW_KEYS =
      Set.of("description", "enabled", "template", "output", "each", "queries", "changed_pages");
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final String NAME_FIX =
      "use lower-case letters, digits, '-' and '_' (at most 63 characters, starting with a letter or digit)";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

  /** {@code params.name} or {@code params["name"]} in a template. */
  private static final Pattern TEMPLATE_PARAM =
      Pattern.compile(
          "params\\s*(?:\\.\\s*([A-Za-z_][A-Za-z0-9_]*)|\\[\\s*[\"']([^\"']+)[\"']\\s*])");

  private final ClassLoader classLoader;

  public ConfigLoader(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  public ConfigLoader() {
    this(ConfigLoader.class.getClassLoader());
  }

  /**
   * Loads the configuration of the workspace at {@code root}.
   *
   * @throws InvalidConfigException naming the file, line and column of a bad setting
   */
  public WorkspaceConfig load(Path root, ConfigOverrides overrides) {
    try {
      return loadWorkspace(root, overrides);
    } catch (FileTooLargeException e) {
      throw e; // refused before parsing; its own type, as for every file mlos reads
    } catch (InvalidYamlException e) {
      throw InvalidConfigException.of(e);
    }
  }

  private WorkspaceConfig loadWorkspace(Path root, ConfigOverrides overrides) {
    Path absRoot = root.toAbsolutePath().normalize();
    Path configFile =
        overrides.configFile() != null
            ? absRoot.resolve(overrides.configFile()).normalize()
            : absRoot.resolve("mlos.yaml");
    boolean explicitConfig = overrides.configFile() != null;

    Map<String, YamlNode> top = Map.of();
    String source = configFile.toString();
    if (!explicitConfig) {
      // The workspace's own mlos.yaml passes the path check every file mlos reads goes through: a
      // link to a file outside the workspace is not read (a config file named by the mlos.config
      // setting is the user's choice, as the database is).
      dev.mlos.core.path.WorkspacePath.checkedIn(absRoot, configFile);
    }
    if (Files.isRegularFile(configFile)) {
      try {
        String text = YamlLimits.read(configFile, LimitedFile.WORKSPACE_CONFIG);
        top = parse(source, text, WORKSPACE_KEYS, LimitedFile.WORKSPACE_CONFIG);
      } catch (IOException e) {
        throw new InvalidConfigException(
            source, 0, 0, "cannot be read: " + e.getMessage(), null, e);
      }
    } else if (Files.exists(configFile)) {
      // Not "no config": the workspace would compile with the pack's defaults under its
      // directory's name, and a pinned workspace name would silently be lost.
      throw new InvalidConfigException(
          source,
          0,
          0,
          (Files.isDirectory(configFile)
                  ? "is a directory, not a file"
                  : "is not a regular file (a FIFO, a device or a socket)")
              + ": the workspace's settings cannot be read from it",
          explicitConfig
              ? "point the mlos.config setting at a YAML file"
              : "move the directory away and write the workspace's settings file, mlos.yaml, in its"
                  + " place");
    } else if (explicitConfig) {
      throw new InvalidConfigException(
          source,
          0,
          0,
          "the configured workspace config file does not exist",
          "create it or remove the mlos.config setting");
    } else {
      configFile = null;
    }

    String name = overrides.workspaceName();
    if (name != null) {
      checkName(null, name, "workspace name"); // as in mlos.yaml: it is written into every page
    }
    if (name == null && top.containsKey("workspace")) {
      name = checkedName(top.get("workspace"), "workspace name");
    }
    if (name == null) {
      name = absRoot.getFileName() == null ? "workspace" : absRoot.getFileName().toString();
    }

    Path database = WorkspacePlaces.database(absRoot, overrides, top);
    String databaseNotice = DatabasePlace.check(absRoot, database, overrides, top, configFile);
    Path output = WorkspacePlaces.output(absRoot, overrides, top);

    String packName = DEFAULT_PACK;
    if (top.containsKey("pack")) {
      packName = top.get("pack").nonBlankText();
    }
    PackDefinition pack = NO_PACK.equals(packName) ? null : loadPack(packName, top.get("pack"));

    Map<String, ViewDefinition> views = new LinkedHashMap<>();
    Map<String, Boolean> enabled = new LinkedHashMap<>();
    Map<String, YamlNode> viewOutputs = new LinkedHashMap<>();
    if (pack != null) {
      for (ViewDefinition v : pack.views()) {
        views.put(v.name(), v);
        enabled.put(v.name(), true);
      }
    }
    if (top.containsKey("views")) {
      for (Map.Entry<String, YamlNode> e : top.get("views").mapping().entrySet()) {
        YamlNode viewNode = e.getValue();
        String viewName = e.getKey();
        checkName(viewNode, viewName, "view name");
        ViewDefinition base = views.get(viewName);
        Map<String, YamlNode> fields = viewNode.isNull() ? Map.of() : viewNode.mapping(VIEW_KEYS);
        if (fields.containsKey("enabled")) {
          enabled.put(viewName, fields.get("enabled").bool());
        } else {
          enabled.putIfAbsent(viewName, true);
        }
        views.put(viewName, view(viewName, fields, base, viewNode, null));
        if (fields.containsKey("output")) {
          viewOutputs.put(viewName, fields.get("output"));
        }
      }
    }

    Map<String, ParamType> types = pack != null ? pack.types() : Map.of();
    Map<String, Object> params = new LinkedHashMap<>();
    if (pack != null) {
      params.putAll(pack.params());
    }
    if (top.containsKey("params")) {
      Set<String> known = null;
      for (Map.Entry<String, YamlNode> p : top.get("params").mapping().entrySet()) {
        String key = p.getKey();
        if (pack == null || !pack.params().containsKey(key)) {
          if (known == null) {
            known = usedParams(absRoot, views.values());
          }
          if (!known.contains(key)) {
            throw unknownParam(p.getValue(), key, pack);
          }
        }
        params.put(key, types.getOrDefault(key, ParamType.ANY).check(p.getValue()));
      }
    }
    String overrideSource = "parameter override";
    for (Map.Entry<String, Object> o : overrides.params().entrySet()) {
      params.put(
          o.getKey(),
          types
              .getOrDefault(o.getKey(), ParamType.ANY)
              .check(overrideSource, o.getKey(), o.getValue()));
    }

    List<ViewDefinition> active = new ArrayList<>();
    for (ViewDefinition v : views.values()) {
      if (enabled.get(v.name())) {
        active.add(v);
      }
    }
    Path state = WorkspacePlaces.stateDirectory(absRoot, overrides);
    ReservedOutputs.check(
        absRoot,
        database,
        new ReservedOutputs.Setting(
            overrides.database() == null ? top.get("database") : null, "database"),
        output,
        new ReservedOutputs.Setting(
            overrides.outputDirectory() == null ? top.get("output") : null, "outputDirectory"),
        active,
        viewOutputs,
        state != null ? state : absRoot.resolve(WorkspaceConfig.DEFAULT_STATE_DIRECTORY),
        configFile);
    ReservedOutputs.checkSameOutputs(active, viewOutputs);
    long maxPageBytes = PageLimits.maxPageBytes(overrides, top.get("max_page_bytes"));
    int maxPagesPerView = PageLimits.maxPagesPerView(overrides, top.get("max_pages_per_view"));
    return new WorkspaceConfig(
        name,
        absRoot,
        configFile,
        database,
        output,
        pack,
        params,
        active,
        maxPageBytes,
        state,
        databaseNotice,
        maxPagesPerView);
  }

  /**
   * Loads a built-in pack from {@code mlos/packs/<name>/pack.yaml} on the classpath.
   *
   * @throws InvalidConfigException when no such pack exists (listing the ones that do)
   */
  public PackDefinition loadPack(String name, YamlNode where) {
    try {
      return loadPackDefinition(name, where);
    } catch (FileTooLargeException e) {
      throw e; // refused before parsing; its own type, as for every file mlos reads
    } catch (InvalidYamlException e) {
      throw InvalidConfigException.of(e);
    }
  }

  private PackDefinition loadPackDefinition(String name, YamlNode where) {
    String resource = "mlos/packs/" + name + "/pack.yaml";
    InputStream in =
        NAME.matcher(name).matches() ? classLoader.getResourceAsStream(resource) : null;
    if (in == null) {
      String problem = "there is no built-in pack named " + MlosException.quoted(name);
      String fix =
          "use one of: " + String.join(", ", availablePacks()) + ", or 'none' with your own views";
      if (where != null) {
        throw InvalidConfigException.at(where, problem, fix);
      }
      throw new InvalidConfigException("pack", 0, 0, problem, fix);
    }
    String source = "built-in pack '" + name + "' (" + resource + ")";
    String text;
    try (in) {
      text = YamlLimits.read(in, source, LimitedFile.BUILT_IN_PACK);
    } catch (IOException e) {
      throw new InvalidConfigException(source, 0, 0, "cannot be read: " + e.getMessage(), null, e);
    }
    Map<String, YamlNode> top = parse(source, text, PACK_KEYS, LimitedFile.BUILT_IN_PACK);
    List<String> schemas = new ArrayList<>();
    if (top.containsKey("schemas")) {
      for (YamlNode s : top.get("schemas").list()) {
        schemas.add(s.nonBlankText());
      }
    }
    Map<String, YamlNode> paramNodes =
        top.containsKey("params") ? top.get("params").mapping() : Map.of();
    Map<String, ParamType> types = new LinkedHashMap<>();
    if (top.containsKey("types")) {
      for (Map.Entry<String, YamlNode> t : top.get("types").mapping().entrySet()) {
        if (!paramNodes.containsKey(t.getKey())) {
          throw InvalidConfigException.at(
              t.getValue(),
              "declares the type of "
                  + MlosException.quoted(t.getKey())
                  + ", which is not a parameter",
              "add it under params: with its default, or remove the type");
        }
        types.put(t.getKey(), ParamType.parse(t.getValue()));
      }
    }
    List<String> lists = new ArrayList<>();
    if (top.containsKey("lists")) {
      // The older way to say "this parameter is a list"; types: says it and more.
      for (YamlNode l : top.get("lists").list()) {
        String listParam = l.nonBlankText();
        lists.add(listParam);
        types.putIfAbsent(listParam, ParamType.NULLABLE_LIST);
      }
    }
    Map<String, Object> params = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> p : paramNodes.entrySet()) {
      ParamType type = types.getOrDefault(p.getKey(), ParamType.ANY);
      params.put(p.getKey(), type.check(p.getValue()));
      types.put(p.getKey(), type);
      if (type.kind() == ParamType.Kind.LIST && !lists.contains(p.getKey())) {
        lists.add(p.getKey());
      }
    }
    List<ViewDefinition> views = new ArrayList<>();
    if (top.containsKey("views")) {
      for (Map.Entry<String, YamlNode> e : top.get("views").mapping().entrySet()) {
        checkName(e.getValue(), e.getKey(), "view name");
        views.add(view(e.getKey(), e.getValue().mapping(VIEW_KEYS), null, e.getValue(), name));
      }
    }
    String description = top.containsKey("description") ? top.get("description").text() : "";
    return new PackDefinition(name, description, schemas, params, lists, views, types);
  }

  /** The top-level mapping of a configuration file; an empty file is an empty mapping. */
  private static Map<String, YamlNode> parse(
      String source, String text, Set<String> allowed, LimitedFile kind) {
    YamlNode root = YamlNode.parse(source, new StringReader(text), kind);
    return root.isNull() ? Map.of() : root.mapping(allowed);
  }

  /** Names of the built-in packs, from {@code mlos/packs/packs.txt}. */
  public List<String> availablePacks() {
    List<String> names = new ArrayList<>();
    try (InputStream in = classLoader.getResourceAsStream("mlos/packs/packs.txt")) {
      if (in != null) {
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          if (!line.isBlank() && !line.startsWith("#")) {
            names.add(line.trim());
          }
        }
      }
    } catch (IOException e) {
      // an unreadable index only makes the hint shorter
    }
    return names;
  }

  /**
   * Builds a view from its YAML fields on top of {@code base} (a pack's view being overridden, or
   * null for a new one). {@code pack} is the pack defining it, or null for the workspace.
   */
  private ViewDefinition view(
      String name, Map<String, YamlNode> fields, ViewDefinition base, YamlNode where, String pack) {
    String origin = pack != null ? "pack " + pack : where.source() + ":" + where.line();
    String description = base != null ? base.description() : "";
    String template = base != null ? base.template() : null;
    String output = base != null ? base.output() : null;
    String each = base != null ? base.each() : null;
    String changedPages = base != null ? base.changedPages() : null;
    Map<String, String> queries = new LinkedHashMap<>(base != null ? base.queries() : Map.of());

    if (fields.containsKey("description")) {
      description = fields.get("description").text();
    }
    if (fields.containsKey("template")) {
      YamlNode t = fields.get("template");
      String file = relativeFile(t);
      template = pack != null ? TemplateNames.inPack(pack, file) : TemplateNames.inWorkspace(file);
    }
    if (fields.containsKey("output")) {
      YamlNode o = fields.get("output");
      output = relativeFile(o);
      ReservedOutputs.checkPortable(o, output);
    }
    if (fields.containsKey("queries")) {
      for (Map.Entry<String, YamlNode> q : fields.get("queries").mapping().entrySet()) {
        checkName(q.getValue(), q.getKey(), "query name");
        if (q.getValue().isNull()) {
          queries.remove(q.getKey());
        } else {
          queries.put(q.getKey(), q.getValue().nonBlankText());
        }
      }
    }
    if (fields.containsKey("each")) {
      YamlNode e = fields.get("each");
      each = e.isNull() ? null : e.nonBlankText();
    }
    // A declaration of which pages a changed row feeds holds for the queries it was written for:
    // an override of the queries or of each drops the pack's, unless it declares its own.
    if (base != null && (fields.containsKey("queries") || fields.containsKey("each"))) {
      changedPages = null;
    }
    if (fields.containsKey("changed_pages")) {
      YamlNode cp = fields.get("changed_pages");
      changedPages = cp.isNull() ? null : cp.nonBlankText();
    }

    if (template == null) {
      throw InvalidConfigException.at(
          where,
          "view '" + name + "' has no template",
          "add 'template: <file>.ftl' (relative to the workspace)");
    }
    if (output == null) {
      throw InvalidConfigException.at(
          where, "view '" + name + "' has no output", "add 'output: <path>.md'");
    }
    if (each != null && !queries.containsKey(each)) {
      YamlNode at = fields.getOrDefault("each", where);
      throw InvalidConfigException.at(
          at,
          "view '" + name + "' has each: " + each + " but no query named '" + each + "'",
          queries.isEmpty()
              // A view with no queries at all: each was given the SQL itself, or nothing to name.
              ? "each names one of the view's queries, and this view has none: add one under"
                  + " queries, as 'rows: "
                  + (each.contains(" ") && each.length() <= 200 && each.lines().count() == 1
                      ? each
                      : "SELECT ...")
                  + "', then set each: rows"
              : "add it under queries, or set each to one of: "
                  + String.join(", ", queries.keySet()));
    }
    boolean hasPlaceholder = PLACEHOLDER.matcher(output).find();
    YamlNode outAt = fields.getOrDefault("output", where);
    if (each == null && hasPlaceholder) {
      throw InvalidConfigException.at(
          outAt,
          "output '" + output + "' has {placeholders} but the view writes a single file",
          "add 'each: <query>' to write one file per row, or remove the placeholders");
    }
    if (each != null && !hasPlaceholder) {
      throw InvalidConfigException.at(
          outAt,
          "view '"
              + name
              + "' writes one file per row but output '"
              + output
              + "' has no {column} placeholder, so every row would write the same file",
          "use a pattern such as 'pages/{id}-{title}.md'");
    }
    return new ViewDefinition(
        name, description, template, output, each, queries, origin, changedPages);
  }

  /**
   * Parameters the workspace's views use: bound as {@code :name} in a query, or read as {@code
   * params.name} in a workspace template. A key under {@code params:} that is neither, nor a pack
   * parameter, is a typo.
   */
  private static Set<String> usedParams(Path root, Iterable<ViewDefinition> views) {
    Set<String> used = new TreeSet<>();
    for (ViewDefinition v : views) {
      for (String sql : v.queries().values()) {
        for (String p : ParameterizedSql.parse(sql).parameterNames()) {
          if (!p.startsWith("row.")) {
            used.add(p);
          }
        }
      }
      if (v.template() != null && v.template().startsWith(TemplateNames.WORKSPACE_PREFIX)) {
        Path file = root.resolve(v.template().substring(TemplateNames.WORKSPACE_PREFIX.length()));
        try {
          Matcher m = TEMPLATE_PARAM.matcher(YamlLimits.read(file, LimitedFile.TEMPLATE));
          while (m.find()) {
            used.add(m.group(1) != null ? m.group(1) : m.group(2));
          }
        } catch (IOException | MlosException e) {
          // a template that cannot be read is reported when it is rendered; here it only uses
          // nothing
        }
      }
    }
    return used;
  }

  private static InvalidConfigException unknownParam(YamlNode at, String key, PackDefinition pack) {
    String packParams =
        pack == null || pack.params().isEmpty()
            ? ""
            : "use one of the pack's parameters ("
                + String.join(", ", new TreeSet<>(pack.params().keySet()))
                + "), or ";
    return new InvalidConfigException(
        at.source(),
        at.line(),
        at.column(),
        "params."
            + key
            + ": unknown parameter "
            + MlosException.quoted(key)
            + " (no pack parameter has that name and no view's query or template uses it)",
        packParams + "use it in a query of your own view as :" + key + ", or remove it");
  }

  private static String relativeFile(YamlNode n) {
    String value = n.nonBlankText().replace('\\', '/');
    if (value.startsWith("/") || value.matches("^[A-Za-z]:.*")) {
      throw InvalidConfigException.at(
          n,
          MlosException.quoted(value) + " is an absolute path",
          "use a path relative to the workspace");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw InvalidConfigException.at(
            n,
            MlosException.quoted(value)
                + " has a control character ("
                + String.format(Locale.ROOT, "U+%04X", (int) c)
                + ") at index "
                + i,
            "remove it: a file name holds no control character");
      }
    }
    for (String seg : value.split("/", -1)) {
      if (seg.equals("..")) {
        throw InvalidConfigException.at(
            n,
            MlosException.quoted(value) + " leaves the workspace ('..')",
            "use a path inside the workspace");
      }
      if (seg.isEmpty() || seg.equals(".")) {
        throw InvalidConfigException.at(
            n,
            MlosException.quoted(value) + " has an empty or '.' segment",
            "write it as a plain relative path like 'docs/x.md'");
      }
    }
    return value;
  }

  /** True when {@code value} may be used as a workspace, view or pack name in {@code mlos.yaml}. */
  static boolean isValidName(String value) {
    return NAME.matcher(value).matches();
  }

  private static String checkedName(YamlNode n, String what) {
    String value = n.nonBlankText();
    checkName(n, value, what);
    return value;
  }

  private static void checkName(YamlNode at, String value, String what) {
    if (!NAME.matcher(value).matches()) {
      String problem = MlosException.quoted(value) + " is not a valid " + what;
      throw at == null
          ? new InvalidConfigException("workspace", 0, 0, problem, NAME_FIX)
          : InvalidConfigException.at(at, problem, NAME_FIX);
    }
  }
}
