package dev.mlos.core.graph;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlos.core.MlosException;
import dev.mlos.core.graph.shape.ShapeLoader;
import dev.mlos.core.yaml.FileTooLargeException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 22 item 6: shape and record files are capped in size, refused before parsing. */
class GraphFileLimitsTest {
  @TempDir Path dir;

  @Test
  void aShapeFileOverOneMebibyteIsRefusedNamingItAndTheLimit() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes();
    w.write("shapes/huge.yaml", "name: huge\ndescription: '" + "x".repeat(1 << 20) + "'\n");
    FileTooLargeException e =
        assertThrows(
            FileTooLargeException.class, () -> new ShapeLoader().load(w.root.resolve("shapes")));
    assertTrue(
        e.getMessage().contains("huge.yaml: is larger than the 1 MiB limit for shape files"),
        e.getMessage());
    assertTrue(e.fix().startsWith("a shape file holds one shape, which is far smaller"), e.fix());
  }

  @Test
  void aRecordFileOverFourMebibytesIsRefusedAndNothingIsImported() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes().records();
    w.write(
        "data/zz-huge.yaml", "_shape: product\nsku: BIG\ntitle: '" + "x".repeat(4 << 20) + "'\n");
    FileTooLargeException e =
        assertThrows(FileTooLargeException.class, () -> w.importAll(GraphWorkspace.T1));
    assertTrue(
        e.getMessage().contains("zz-huge.yaml: is larger than the 4 MiB limit for record files"),
        e.getMessage());
    assertTrue(
        e.fix().startsWith("split its list of records over several record files, each at most 4"),
        e.fix());
    assertTrue(
        w.rows("SELECT count(*) FROM nodes").equals(List.of("0")),
        w.rows("SELECT count(*) FROM nodes").toString());
  }

  @Test
  void aHugeValueOfTheWrongTypeIsQuotedCutInTheError() {
    GraphWorkspace w = GraphWorkspace.create(dir).shapes().records();
    String huge = "x".repeat(100_000);
    w.write(
        "data/zz-bad.yaml",
        "_shape: book\nisbn13: '9780000000002'\ntitle: Bad\npublished: '" + huge + "'\n");
    MlosException e = assertThrows(MlosException.class, () -> w.importAll(GraphWorkspace.T1));
    assertTrue(
        e.getMessage().contains("xxx...' (100000 characters) is not a date"), e.getMessage());
    assertTrue(
        e.getMessage().length() < 1000, "message of " + e.getMessage().length() + " characters");
  }
}
