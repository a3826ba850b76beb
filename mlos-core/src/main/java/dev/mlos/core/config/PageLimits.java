package dev.mlos.core.config;

import dev.mlos.core.yaml.YamlNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings that bound what a compile writes: {@code max_page_bytes} (one page's size) and
 * {@code max_pages_per_view} (how many pages one view writes), each from the adapter's override,
 * else {@code mlos.yaml}, else the default.
 */
final class PageLimits {
  private static final Pattern BYTE_SIZE = Pattern.compile("([0-9]{1,12})\\s*(KiB|MiB|GiB)?");

  private PageLimits() {}

  /** The page size cap: the override, else {@code max_page_bytes} ({@code yaml}), else 16 MiB. */
  static long maxPageBytes(ConfigOverrides overrides, YamlNode yaml) {
    if (overrides.maxPageBytes() != null) {
      long maxPageBytes = overrides.maxPageBytes();
      if (maxPageBytes < WorkspaceConfig.MIN_MAX_PAGE_BYTES
          || maxPageBytes > WorkspaceConfig.MAX_MAX_PAGE_BYTES) {
        throw new InvalidConfigException(
            "maxPageBytes",
            0,
            0,
            "must be from "
                + WorkspaceConfig.MIN_MAX_PAGE_BYTES
                + " to "
                + WorkspaceConfig.MAX_MAX_PAGE_BYTES
                + " bytes, found "
                + maxPageBytes,
            "give a size from 1 KiB to 1 GiB in bytes");
      }
      return maxPageBytes;
    }
    return yaml == null ? WorkspaceConfig.DEFAULT_MAX_PAGE_BYTES : byteSize(yaml);
  }

  /**
   * The page cap of one view: the override, else {@code max_pages_per_view} ({@code yaml}), else
   * {@link WorkspaceConfig#DEFAULT_MAX_PAGES_PER_VIEW}.
   */
  static int maxPagesPerView(ConfigOverrides overrides, YamlNode yaml) {
    if (overrides.maxPagesPerView() != null) {
      long pages = overrides.maxPagesPerView();
      if (pages < 1 || pages > WorkspaceConfig.MAX_MAX_PAGES_PER_VIEW) {
        throw new InvalidConfigException(
            "maxPagesPerView",
            0,
            0,
            "must be a number of pages from 1 to "
                + WorkspaceConfig.MAX_MAX_PAGES_PER_VIEW
                + ", found "
                + pages,
            "give a number of pages from 1 to " + WorkspaceConfig.MAX_MAX_PAGES_PER_VIEW);
      }
      return (int) pages;
    }
    if (yaml == null) {
      return WorkspaceConfig.DEFAULT_MAX_PAGES_PER_VIEW;
    }
    if (yaml.plain() instanceof Long l && l >= 1 && l <= WorkspaceConfig.MAX_MAX_PAGES_PER_VIEW) {
      return l.intValue();
    }
    throw InvalidConfigException.at(
        yaml,
        "must be a number of pages from 1 to "
            + WorkspaceConfig.MAX_MAX_PAGES_PER_VIEW
            + ", found "
            + yaml.describe(),
        "write a whole number of pages, e.g. 2000000, without separators");
  }

  /** {@code 16777216}, {@code 16 MiB} or {@code 512 KiB}, from 1 KiB to 1 GiB. */
  private static long byteSize(YamlNode n) {
    String fix = "write a size from 1 KiB to 1 GiB: a number of bytes, or e.g. '16 MiB', '512 KiB'";
    String text = n.isScalar() ? n.scalarText().strip() : null;
    Matcher m = text == null ? null : BYTE_SIZE.matcher(text);
    if (m == null || !m.matches()) {
      throw InvalidConfigException.at(n, "must be a size in bytes, found " + n.describe(), fix);
    }
    long bytes;
    try {
      bytes = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw InvalidConfigException.at(
          n, "must be a size from 1 KiB to 1 GiB, found " + n.describe(), fix);
    }
    int shift =
        m.group(2) == null
            ? 0
            : switch (m.group(2)) {
              case "KiB" -> 10;
              case "MiB" -> 20;
              default -> 30;
            };
    if (bytes > (WorkspaceConfig.MAX_MAX_PAGE_BYTES >> shift)
        || (bytes << shift) < WorkspaceConfig.MIN_MAX_PAGE_BYTES) {
      throw InvalidConfigException.at(
          n, "must be a size from 1 KiB to 1 GiB, found " + n.describe(), fix);
    }
    return bytes << shift;
  }
}
