package dev.mlos.cli.mcp;

import dev.mlos.core.Reporter;
import dev.mlos.core.compile.CompiledAt;
import dev.mlos.core.compile.OutputLedger;
import dev.mlos.core.compile.OutputRecord;
import dev.mlos.core.compile.Page;
import dev.mlos.core.compile.PageHandler;
import dev.mlos.core.compile.TooManyPagesException;
import dev.mlos.core.compile.ViewRenderer;
import dev.mlos.core.config.ViewDefinition;
import dev.mlos.core.config.WorkspaceConfig;
import dev.mlos.core.db.Database;
import dev.mlos.core.frontmatter.CompiledFile;
import dev.mlos.core.path.WorkspacePath;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The workspace's compiled views, rendered from the database on request: the core's {@link
 * ViewRenderer} (the same queries and templates as {@code mlos:compile}) and {@link
 * CompiledFile#rendering} (the same front matter), so a page has the bytes a compile would write.
 * Its {@code compiled_at} is the one recorded for the file when the content is unchanged since the
 * last compile (then the bytes equal the file's), else the current time.
 */
final class CompiledViews {
  /**
   * Most pages listed as resources; a larger workspace lists the first ones (reads work for all).
   */
  static final int MAX_LISTED = 2_000;

  /** One page a view would write. */
  record PageRef(String view, String path) {}

  private final WorkspaceConfig config;
  private final ClassLoader classLoader;

  CompiledViews(WorkspaceConfig config, ClassLoader classLoader) {
    this.config = config;
    this.classLoader = classLoader;
  }

  /** The pages every view would write, in view and page order (at most {@link #MAX_LISTED}). */
  List<PageRef> list() {
    List<PageRef> pages = new ArrayList<>();
    try (Connection c = Database.at(config.database()).openReadOnly();
        ViewRenderer renderer = new ViewRenderer(c, config, classLoader, 1)) {
      for (ViewDefinition v : config.views()) {
        if (pages.size() >= MAX_LISTED) {
          break;
        }
        walk(
            renderer,
            v,
            (view, path, sourceKey) -> {
              if (pages.size() < MAX_LISTED) {
                pages.add(new PageRef(view, path.value()));
              }
            });
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot close the database", e);
    }
    return pages;
  }

  /** The bytes of the page at {@code path} (relative to the output directory), or empty. */
  Optional<String> render(String path) {
    return render((view, p, key) -> p.equals(path));
  }

  /**
   * What {@link #lookup} found among a view's pages.
   *
   * @param found whether a page's source key was the one wanted
   * @param firstKey the source key of the view's first page (an example for a message), or null
   *     when it has none
   */
  record Lookup(boolean found, String firstKey) {}

  /**
   * Whether {@code view} has a page whose source key ({@code {"id":3}}) {@code key} accepts; runs
   * the view's query, renders nothing.
   *
   * @throws TooManyPagesException when the view returns more rows than max_pages_per_view and none
   *     under the cap is the one wanted
   */
  Lookup lookup(String view, java.util.function.Predicate<String> key) {
    boolean[] found = {false};
    String[] first = {null};
    try (Connection c = Database.at(config.database()).openReadOnly();
        ViewRenderer renderer = new ViewRenderer(c, config, classLoader, 1)) {
      for (ViewDefinition v : config.views()) {
        if (!v.name().equals(view)) {
          continue;
        }
        try {
          walk(
              renderer,
              v,
              (name, path, sourceKey) -> {
                if (first[0] == null) {
                  first[0] = sourceKey;
                }
                found[0] |= key.test(sourceKey);
              });
        } catch (TooManyPagesException e) {
          // A row past the cap has no page: one under it was found, or none is.
          if (!found[0]) {
            throw e;
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot close the database", e);
    }
    return new Lookup(found[0], first[0]);
  }

  /** Goes through the pages {@code v} would write (its queries run), rendering none. */
  private static void walk(ViewRenderer renderer, ViewDefinition v, Visit each) {
    renderer.render(
        v,
        new PageHandler<Object, Object>() {
          @Override
          public Object before(String view, WorkspacePath path, String sourceKey) {
            each.page(view, path, sourceKey);
            return null; // looked at, not rendered
          }

          @Override
          public Object work(Page page, Object ticket) {
            return null;
          }

          @Override
          public void done(Object result) {}
        },
        Reporter.SILENT);
  }

  /** A page a view would write, as {@link #walk} meets it. */
  private interface Visit {
    void page(String view, WorkspacePath path, String sourceKey);
  }

  /** Which page to render: by view name, path and source key ({@code {"id":3}}). */
  interface Wanted {
    boolean test(String view, String path, String sourceKey);
  }

  /**
   * The bytes of the first page {@code wanted} accepts, or empty.
   *
   * @throws TooManyPagesException when a view returns more rows than max_pages_per_view and the
   *     page is not found in another view: a page of that view, under the cap or past it, is not
   *     served (a compile stops at that view), while another view's page is (a view's cap stopped
   *     the read of every page after it in mlos.yaml's order: READY.md, a context pack)
   */
  Optional<String> render(Wanted wanted) {
    AtomicReference<Page> found = new AtomicReference<>();
    TooManyPagesException capped = null;
    try (Connection c = Database.at(config.database()).openReadOnly();
        ViewRenderer renderer = new ViewRenderer(c, config, classLoader, 1)) {
      for (ViewDefinition v : config.views()) {
        try {
          renderOne(renderer, v, wanted, found);
        } catch (TooManyPagesException e) {
          if (found.get() != null) {
            throw e;
          }
          capped = capped == null ? e : capped;
          continue;
        }
        if (found.get() != null) {
          break;
        }
      }
      Page page = found.get();
      if (page == null && capped != null) {
        throw capped;
      }
      if (page == null) {
        return Optional.empty();
      }
      String now = CompiledAt.of(null, Instant.now());
      CompiledFile.Rendering fresh =
          CompiledFile.rendering(page.fields(), page.view(), page.body(), now);
      OutputRecord recorded =
          new OutputLedger(c, config.database(), config.name()).find(page.path().value());
      if (recorded != null && recorded.contentHash().equals(fresh.contentHash())) {
        fresh =
            CompiledFile.rendering(page.fields(), page.view(), page.body(), recorded.compiledAt());
      }
      return Optional.of(new String(fresh.bytes(), StandardCharsets.UTF_8));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot close the database", e);
    }
  }

  private static void renderOne(
      ViewRenderer renderer, ViewDefinition v, Wanted wanted, AtomicReference<Page> found) {
    renderer.render(
        v,
        new PageHandler<Boolean, Page>() {
          @Override
          public Boolean before(String view, WorkspacePath p, String sourceKey) {
            return found.get() == null && wanted.test(view, p.value(), sourceKey)
                ? Boolean.TRUE
                : null;
          }

          @Override
          public Page work(Page page, Boolean ticket) {
            return page;
          }

          @Override
          public void done(Page page) {
            found.compareAndSet(null, page);
          }
        },
        Reporter.SILENT);
  }
}
