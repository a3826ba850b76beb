package dev.mlos.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import freemarker.template.Configuration;
import freemarker.template.SimpleObjectWrapper;
import freemarker.template.Template;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A context pack lists a file over 1 MiB by reference and shows none of its bytes. It used to hash
 * such a file at every compile (and once more to tell whether the compile could be skipped): a 20
 * GB dataset registered as an artifact cost every compile whose packs reached it 107 s, a terabyte
 * an hour. Its recorded state is now what the page shows of it: that it is over the limit.
 */
class LargeFileReadTest {
  @TempDir Path root;

  private static final long SIZE = 512L * 1024 * 1024;

  private Path sparse(String name, long size) throws Exception {
    Path file = root.resolve(name);
    Files.createDirectories(file.getParent());
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
    return file;
  }

  private static void write(Path file, long at, String text) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      f.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Renders a pack's budget over one file; returns the page and what the compile records. */
  private String[] render(String path) throws Exception {
    Configuration c = new Configuration(Configuration.VERSION_2_3_34);
    c.setNumberFormat("computer");
    c.setLocale(Locale.ROOT);
    c.setObjectWrapper(new SimpleObjectWrapper(Configuration.VERSION_2_3_34));
    Template t =
        new Template(
            "t",
            "<#assign b = mlos.budget([{\"file_path\": p}], 1000)>"
                + "<#list b.included as r>in:${r.content}</#list>"
                + "<#list b.omitted as r>out:${r.reason}</#list>",
            c);
    MlosFunctions mlos = new MlosFunctions(root, root.resolve("out"), Map.of());
    StringWriter out = new StringWriter();
    t.process(Map.of("p", path, "mlos", mlos), out);
    return new String[] {out.toString(), mlos.filesRead().get(path)};
  }

  @Test
  void aLargeFileIsListedByReferenceAndRecordedWithoutItsHash() throws Exception {
    Path big = sparse("data/big.bin", SIZE);
    String[] page = render("data/big.bin");
    assertEquals("out:larger than 1 MiB", page[0]);
    // What the compile records is what it checks the next time (CompileReads): the same word, not
    // a SHA-256 of 512 MiB read twice.
    assertEquals(MlosFunctions.LARGE, page[1]);
    assertEquals(MlosFunctions.LARGE, MlosFunctions.fileState(root, "data/big.bin"));

    // Its bytes are no input of the page: an edit inside it leaves the page, and its state, alone.
    write(big, SIZE / 2, "edited");
    assertEquals(MlosFunctions.LARGE, MlosFunctions.fileState(root, "data/big.bin"));
    assertEquals(page[0], render("data/big.bin")[0]);
  }

  @Test
  void aFileThatCrossesTheLimitChangesItsStateEitherWay() throws Exception {
    Path file = sparse("f.txt", 0);
    Files.writeString(file, "small\n");
    String small = MlosFunctions.fileState(root, "f.txt");
    assertEquals(64, small.length()); // a SHA-256: the page shows its text
    assertEquals("in:small\n", render("f.txt")[0]);

    sparse("f.txt", MlosFunctions.MAX_INLINE_BYTES + 1);
    assertEquals(MlosFunctions.LARGE, MlosFunctions.fileState(root, "f.txt"));
    assertEquals("out:larger than 1 MiB", render("f.txt")[0]);

    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(MlosFunctions.MAX_INLINE_BYTES); // exactly 1 MiB is still inlined and hashed
    }
    String atLimit = MlosFunctions.fileState(root, "f.txt");
    assertNotEquals(MlosFunctions.LARGE, atLimit);
    assertNotEquals(small, atLimit);
    // Read and counted (a MiB of NULs is more than the 1,000 tokens given), not listed as large.
    assertEquals("out:over the token budget", render("f.txt")[0]);
  }
}
