package dev.mlos.core.scaffold;

import dev.mlos.core.MlosException;
import dev.mlos.core.Remedy;
import dev.mlos.core.config.ViewDefinition;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.dbtext.DatabaseText;
import dev.mlos.core.path.GitCheckout;
import dev.mlos.core.path.WorkspacePath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Creates a new workspace the way Maven users expect ({@code mvn mlos:init -Dmlos.scaffold}): a
 * full workspace POM that binds {@code mlos:init} and {@code mlos:guard}, {@code mlos.yaml} with
 * {@code workspace:} pinned (so a clone under another directory name is still the same workspace),
 * the database's text form ({@code mlos.db.sql}, see {@link DatabaseText}) to commit instead of the
 * binary database, {@code .gitignore} and {@code .gitattributes} lines (compiled files and the text
 * form LF, compiled files {@code linguist-generated}), and a GitHub Actions workflow that builds
 * and installs mlos before {@code mvn -B verify} (until mlos is on Maven Central), at the root of
 * the git repository when the workspace is a subdirectory of one ({@link WorkflowPlace}).
 *
 * <p>It never overwrites a file: each one that exists is kept byte for byte and listed, and the
 * file is created with {@code CREATE_NEW}, so a file (or a symlink) that appears meanwhile is kept
 * too. A directory on the way that is a symlink leading out of the workspace is refused.
 */
public final class Scaffolder {
  /** The workflow's path, relative to the workspace. */
  public static final String WORKFLOW = ".github/workflows/mlos.yml";

  /** Where the workflow clones mlos from until it is on Maven Central. */
  public static final String MLOS_GIT = "https://github.com/mlos-dev/mlos.git";

  private static final String RESOURCES = "mlos/scaffold/";

  /**
   * Writes the scaffold into {@code config.root()}.
   *
   * @param config the workspace's configuration as it is now (its name, pack views and output
   *     directory decide {@code mlos.yaml} and the {@code .gitattributes} lines)
   * @param pluginVersion the mlos version the POM pins and the workflow builds
   * @throws MlosException when a file cannot be written (nothing already there is changed)
   */
  public ScaffoldResult scaffold(WorkspaceConfig config, String pluginVersion) {
    Path root = config.root();
    String name = workspaceName(config.name());
    String ref = pluginVersion.endsWith("-SNAPSHOT") ? "main" : "v" + pluginVersion;
    Map<String, String> values =
        new LinkedHashMap<>(
            Map.of(
                "@workspace@",
                name,
                "@workspaceYaml@",
                workspaceYaml(name),
                "@version@",
                pluginVersion,
                "@mlosGit@",
                MLOS_GIT,
                "@mlosRef@",
                ref,
                "@pack@",
                config.pack() == null ? "none" : config.pack().name(),
                "@compiledFiles@",
                compiledFileLines(config),
                "@database@",
                databasePattern(config),
                "@databaseText@",
                databaseTextAttributePattern(config),
                "@header@",
                DatabaseText.HEADER));

    Map<String, String> files = new LinkedHashMap<>();
    files.put("pom.xml", "pom.xml");
    files.put("mlos.yaml", "mlos.yaml");
    files.put(".gitignore", "gitignore");
    files.put(".gitattributes", "gitattributes");
    files.put(WORKFLOW, "mlos.yml");
    // The markdownlint settings compiled pages are made for (docs/configuration.md, "Formatters and
    // linters"); prettier needs none.
    files.put(".markdownlint-cli2.jsonc", "markdownlint-cli2.jsonc");
    // The database's text form goes into git instead of the binary database: header only, so the
    // first init creates a new database and the first compile fills the file.
    Path database = config.database().toAbsolutePath().normalize();
    String textForm = null;
    if (database.startsWith(root.toAbsolutePath().normalize())) {
      textForm =
          WorkspacePath.relative(root.toAbsolutePath().normalize(), DatabaseText.fileOf(database));
      files.put(textForm, "database.sql");
    }

    Path realRoot;
    try {
      realRoot = root.toRealPath();
    } catch (IOException e) {
      throw new MlosException(
          "Cannot scaffold in " + root + ": " + e.getMessage(),
          "run it in an existing directory",
          e);
    }
    WorkflowPlace workflow = WorkflowPlace.of(realRoot);
    values.put("@defaults@", workflow.defaults());
    values.put("@reports@", workflow.reports());
    List<String> written = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    boolean workflowKept = false;
    for (Map.Entry<String, String> f : files.entrySet()) {
      String rel = f.getKey();
      String text = fill(resource(f.getValue()), values);
      // The workflow goes where GitHub runs it: the repository root's .github/workflows.
      Path boundary = rel.equals(WORKFLOW) ? workflow.root() : realRoot;
      String shown = WorkspacePath.relative(realRoot, boundary.resolve(rel));
      boolean created = create(boundary, rel, text);
      (created ? written : kept).add(shown);
      // One this scaffold wrote before (the command run twice) is this workspace's, not another's.
      workflowKept |= !created && rel.equals(WORKFLOW) && !holds(boundary.resolve(rel), text);
    }
    List<String> next = new ArrayList<>();
    if (kept.contains("mlos.yaml")) {
      next.add(
          "check that mlos.yaml sets `workspace:` (it was kept; this scaffold would have set `workspace: "
              + name
              + "`)");
    }
    for (String file : List.of(".gitignore", ".gitattributes")) {
      List<String> missing =
          kept.contains(file)
              ? missingLines(realRoot.resolve(file), fill(resource(file.substring(1)), values))
              : List.of();
      if (!missing.isEmpty()) {
        next.add("add to " + file + ": " + String.join(", ", missing));
      }
    }
    // What "rows" means, and what an import does, depends on the pack: an agentos-graph import
    // reads records (README: data/), the mlos pack's registers files as artifacts.
    String pack = config.pack() == null ? "none" : config.pack().name();
    String db = databaseName(config);
    next.add(
        switch (pack) {
          case "agentos-graph" ->
              "put records into the graph: define shapes in shapes/, then {0} imports the records"
                  + " (YAML or JSON naming their _shape)";
          case "mlos" ->
              "put rows into the database: the mlos command (`mlos need create`, docs/cli.md) and"
                  + " your agents' MCP servers change needs, tasks and agents, {0} registers files,"
                  + " or use sqlite3 on "
                  + db;
          default -> "put rows into the database: your agents write them, or use sqlite3 on " + db;
        });
    // The scaffold writes a Maven build (pom.xml, a workflow running it): its verify runs the
    // guard.
    next.add("{1} writes the pages; `mvn -B verify` guards them (as CI will)");
    next.add(
        "commit everything: `git add -A && git commit -m \"mlos workspace\"` ("
            + (textForm == null
                ? "the database is outside the workspace: commit it where it lives"
                : textForm
                    + " is the database's text form, kept in step by every compile; the binary database is ignored,"
                    + " and {2} rebuilds it from the text on a fresh clone")
            + ")");
    String workflowShown =
        workflow.directory().isEmpty() ? WORKFLOW : workflow.root().resolve(WORKFLOW).toString();
    String verifyHere =
        "`mvn -B verify`" + (workflow.directory().isEmpty() ? "" : " in " + workflow.directory());
    // A kept workflow is someone else's (another workspace's, in a repository with several): it
    // must not be described as this scaffold's, which would run the guard here.
    next.add(
        workflowKept
            ? "CI: "
                + workflowShown
                + " was kept as it was (not this scaffold's): make sure a job in it installs mlos"
                + " and runs "
                + verifyHere
            : "CI: "
                + workflowShown
                + " builds mlos "
                + ref
                + " from "
                + MLOS_GIT
                + ", then runs "
                + verifyHere);
    List<String> warnings = new ArrayList<>();
    if (workflow.warning() != null) {
      warnings.add(workflow.warning());
    }
    if (workflowKept && workflow.whenKept() != null) {
      warnings.add(workflow.whenKept());
    }
    return new ScaffoldResult(
        name,
        written,
        kept,
        next,
        List.of(
            Remedy.importPaths(pack.equals("agentos-graph") ? "data" : "docs"),
            Remedy.compile(),
            Remedy.init()),
        warnings);
  }

  /**
   * Writes what keeps a workspace made without Maven ({@code mlos init}) in git, as the scaffold
   * writes it: {@code .gitignore} (the binary database, its journals, {@code target/}), {@code
   * .gitattributes} (the text form merged by the {@code mlos-db} driver, compiled pages LF and
   * merged by the {@code mlos-page} driver, which keeps ours) and the database's text form holding
   * only its header (the first compile fills it). A file that exists is kept as it was, and the
   * next steps list the lines to add to it; no POM, no workflow.
   *
   * @param config the workspace's configuration (its database and views decide the lines)
   * @return the files written and kept, and the next steps ({@code {0}} compile, {@code {1}} init)
   * @throws MlosException when a file cannot be written (nothing already there is changed)
   */
  public ScaffoldResult gitFiles(WorkspaceConfig config) {
    Map<String, String> values =
        Map.of(
            "@compiledFiles@",
            compiledFileLines(config),
            "@database@",
            databasePattern(config),
            "@databaseText@",
            databaseTextAttributePattern(config),
            "@header@",
            DatabaseText.HEADER);
    Path realRoot;
    try {
      realRoot = config.root().toRealPath();
    } catch (IOException e) {
      throw new MlosException(
          "Cannot write the git files in " + config.root() + ": " + e.getMessage(),
          "run it in an existing directory",
          e);
    }
    Map<String, String> files = new LinkedHashMap<>();
    files.put(".gitignore", "gitignore");
    files.put(".gitattributes", "gitattributes");
    Path database = config.database().toAbsolutePath().normalize();
    Path root = config.root().toAbsolutePath().normalize();
    boolean inside = database.startsWith(root);
    if (inside) {
      files.put(WorkspacePath.relative(root, DatabaseText.fileOf(database)), "database.sql");
    }
    List<String> written = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    List<String> next = new ArrayList<>();
    for (Map.Entry<String, String> f : files.entrySet()) {
      String text = fill(resource(f.getValue()), values);
      boolean created = create(realRoot, f.getKey(), text);
      (created ? written : kept).add(f.getKey());
      List<String> missing =
          !created && f.getKey().startsWith(".git")
              ? missingLines(realRoot.resolve(f.getKey()), text)
              : List.of();
      if (!missing.isEmpty()) {
        next.add("add to " + f.getKey() + ": " + String.join(", ", missing));
      }
    }
    next.add(
        inside
            ? "{0} writes the pages and the database's text form; commit them (`git add -A && git"
                + " commit`): the binary database stays out of git"
            : "{0} writes the pages; the database is outside the workspace, so it keeps no text"
                + " form here: commit the database where it lives");
    if (inside) {
      next.add(
          "after that first commit, run {1} again, and once in every clone: it registers the"
              + " merge driver of the text form (git does not clone it) and rebuilds the database"
              + " from the text");
    }
    return new ScaffoldResult(
        workspaceName(config.name()),
        written,
        kept,
        next,
        List.of(Remedy.compile(), Remedy.init()),
        List.of());
  }

  /**
   * A name valid as {@code workspace:}: lower-case ASCII letters, digits, {@code -} and {@code _},
   * at most 63 characters; accented letters lose their accents ({@code ünï} is {@code uni}),
   * ligatures and letters such as ß and Æ are spelt out ({@code ÆØÅ straße} is {@code
   * aeoa-strasse}), other characters become {@code -}; {@code workspace} when nothing is left. Used
   * for the {@code workspace:} line of every new {@code mlos.yaml} (the scaffold's and {@code mlos
   * init}'s).
   */
  public static String workspaceName(String raw) {
    // Decomposed for compatibility (NFKD), an accented letter is its base letter and combining
    // marks, a ligature its letters: keep the letters; ß, æ, ø and the like as slugs spell them.
    String bare =
        java.text.Normalizer.normalize(raw, java.text.Normalizer.Form.NFKD)
            .replaceAll("\\p{M}+", "");
    StringBuilder b = new StringBuilder();
    for (char c : bare.toLowerCase(Locale.ROOT).toCharArray()) {
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      String letters = ok ? "" : dev.mlos.core.path.Slug.transliterated(c);
      if (ok) {
        b.append(c);
      } else if (!letters.isEmpty()) {
        b.append(letters);
      } else if (b.length() > 0 && b.charAt(b.length() - 1) != '-') {
        b.append('-');
      }
      if (b.length() >= 63) {
        break;
      }
    }
    String s = b.toString().replaceAll("-{2,}", "-").replaceAll("^[-_]+|-+$", "");
    return s.isEmpty() ? "workspace" : s;
  }

  /**
   * {@code name} (from {@link #workspaceName}) as the value of {@code mlos.yaml}'s {@code
   * workspace:} line: {@code null}, a directory's name like any other, is quoted, as YAML reads it
   * plain as no value at all, and the mlos.yaml written for a directory {@code null} did not load.
   * Every other such name (letters, digits, '-' and '_': {@code true} and {@code 007} too) is read
   * as the text it is.
   */
  public static String workspaceYaml(String name) {
    return "null".equals(name) ? "'null'" : name;
  }

  /**
   * The database's path relative to the workspace, for {@code .gitignore}; the default name when it
   * lies outside.
   */
  private static String databaseName(WorkspaceConfig config) {
    Path root = config.root().toAbsolutePath().normalize();
    Path database = config.database().toAbsolutePath().normalize();
    return database.startsWith(root) ? WorkspacePath.relative(root, database) : "mlos.db";
  }

  /**
   * {@link #databaseName} as a pattern of {@code .gitignore} and {@code .gitattributes} ({@link
   * GitCheckout#pattern}): unescaped, {@code my\\db.db} read as {@code mydb.db} and the binary
   * database was not ignored.
   */
  private static String databasePattern(WorkspaceConfig config) {
    return GitCheckout.pattern(databaseName(config));
  }

  /**
   * The {@code .gitattributes} pattern of the database's text form, anchored at the workspace and
   * quoted where its name holds a space ({@link GitCheckout#attributePattern}): unquoted, {@code my
   * db.db.sql} gave the attributes to a file {@code /my} and none to the text form.
   */
  private static String databaseTextAttributePattern(WorkspaceConfig config) {
    return GitCheckout.attributePattern("/" + GitCheckout.pattern(databaseName(config) + ".sql"));
  }

  /**
   * One {@code .gitattributes} line per view output: its placeholders become {@code *}, anchored at
   * the output directory. The {@code mlos-page} driver keeps our side of a page both branches
   * recompiled (the compile after the pull rewrites it), so merges do not conflict on build output.
   */
  private static String compiledFileLines(WorkspaceConfig config) {
    Set<String> lines = new LinkedHashSet<>(pageAttributeLines(config).values());
    return String.join("\n", lines) + (lines.isEmpty() ? "" : "\n");
  }

  /**
   * The {@code .gitattributes} line the scaffold writes for each view's pages, by a path such a
   * page could have (relative to the workspace root, each placeholder an {@code x}), for init to
   * ask git whether the workspace's own lines send its pages to the {@code mlos-page} driver. A
   * view whose output no plain gitattributes pattern can express is left out.
   */
  public static Map<String, String> pageAttributeLines(WorkspaceConfig config) {
    String prefix = WorkspacePath.relative(config.root(), config.outputDirectory());
    prefix = prefix.isEmpty() ? "" : prefix + "/";
    Map<String, String> lines = new LinkedHashMap<>();
    for (ViewDefinition v : config.views()) {
      String pattern = v.output().replaceAll("\\{[^{}]*}", "*").replaceAll("\\*+", "*");
      if (pattern
          .chars()
          .anyMatch(c -> c <= ' ' || c == '#' || c == '"' || c == '\\' || c == '!' || c == '[')) {
        continue; // not expressible as a plain gitattributes pattern; the *.md line below still
        // applies LF
      }
      lines.putIfAbsent(
          prefix + pattern.replace("*", "x"),
          "/"
              + prefix
              + pattern
              + " text eol=lf linguist-generated=true merge="
              + dev.mlos.core.dbtext.GitMergeDriver.PAGES);
    }
    return lines;
  }

  /**
   * The lines of {@code text} (not blank, not comments) that the kept file {@code existing} lacks:
   * a workspace whose files hold them already (written by {@code mlos init --git}, then scaffolded
   * for Maven) was told to add every one of them. A line the file holds in another form (an older
   * {@code .gitattributes} line without {@code merge=mlos-page}) is listed as the scaffold writes
   * it. All of them when the file cannot be read.
   */
  private static List<String> missingLines(Path existing, String text) {
    Set<String> present;
    try {
      present =
          new java.util.HashSet<>(Files.readString(existing).lines().map(String::strip).toList());
    } catch (IOException | RuntimeException e) {
      present = Set.of();
    }
    Set<String> have = present;
    return meaningfulLines(text).stream().filter(l -> !have.contains(l.strip())).toList();
  }

  private static List<String> meaningfulLines(String text) {
    return text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
  }

  private static String fill(String template, Map<String, String> values) {
    String out = template;
    for (Map.Entry<String, String> v : values.entrySet()) {
      out = out.replace(v.getKey(), v.getValue());
    }
    return out;
  }

  private static String resource(String name) {
    try (InputStream in = Scaffolder.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new MlosException(
            "mlos is missing its resource " + RESOURCES + name,
            "reinstall mlos: its jar is incomplete");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MlosException(
          "mlos cannot read its resource " + RESOURCES + name + ": " + e.getMessage(),
          "reinstall mlos: its jar is damaged",
          e);
    }
  }

  /** Creates {@code rel} with {@code text}; false when something already exists there. */
  private static boolean create(Path root, String rel, String text) {
    Path file = root.resolve(rel);
    try {
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
      Path dir = file.getParent();
      Files.createDirectories(dir);
      if (!dir.toRealPath().startsWith(root)) {
        throw new MlosException(
            "Refusing to write "
                + rel
                + ": "
                + root.relativize(dir)
                + " leads outside the workspace "
                + root,
            "replace the symlink with a directory, or create " + rel + " yourself");
      }
      Files.write(
          file,
          text.getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new MlosException(
          "Cannot write " + file + ": " + e.getMessage(), "check the directory's permissions", e);
    }
  }

  /** Whether {@code file} is a regular file (not a link) holding exactly {@code text}. */
  private static boolean holds(Path file, String text) {
    try {
      byte[] want = text.getBytes(StandardCharsets.UTF_8);
      return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
          && Files.size(file) == want.length
          && java.util.Arrays.equals(Files.readAllBytes(file), want);
    } catch (IOException e) {
      return false;
    }
  }
}
