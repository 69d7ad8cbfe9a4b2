package io.salespipelines.pipelines.run;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.salespipelines.schemas.Tables;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Which files a run rewrites: small ones of enough runs, per folder, and nothing else. */
public class CompactionTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @BeforeClass
  public static void fileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  @Test
  public void aFolderWithSmallFilesOfEnoughRunsIsOneGroup() throws Exception {
    Path out = tmp.getRoot().toPath();
    for (String run : List.of("r1", "r1-b", "r2")) {
      touch(out.resolve("_state/ledger/" + run + ".jsonl"), 0);
    }
    Path table = out.resolve("sales_team_mart");
    // Run r1-b is not run r1 although its name starts so: two runs here.
    touch(table.resolve("m=1/s=1/part-r1.parquet"), 10);
    touch(table.resolve("m=1/s=1/part-r1-b.parquet"), 10);
    touch(table.resolve("m=1/s=1/_SUCCESS"), 0);
    touch(table.resolve("m=1/s=1/.part-r2.parquet.crc"), 0);
    // One run's files, however many: nothing to gain.
    touch(table.resolve("m=1/s=2/part-r1-1.parquet"), 10);
    touch(table.resolve("m=1/s=2/part-r1-2.parquet"), 10);
    touch(table.resolve("m=1/s=2/part-r1-3.parquet"), 10);
    // A large file stays; the two small ones of two runs (one no committed run wrote) are a group.
    touch(table.resolve("m=2/s=1/part-r1.parquet"), Compaction.SMALL_BYTES);
    touch(table.resolve("m=2/s=1/part-r2.parquet"), 10);
    touch(table.resolve("m=2/s=1/part-r1b.parquet"), 10);
    List<CommittedTable> tables = List.of(CommittedTable.appendedRows(Tables.SALES_TEAM_MART),
        CommittedTable.appended("sales_team_mart_copy"), CommittedTable.replaced("customer_monthly_spend"));

    List<String> groups = describe(Compaction.plan(out.toString(), tables, "r9", 2));
    String dir = table.toString();
    assertThat(groups, equalTo(List.of(
        "sales_team_mart m=1/s=1/part-r9-compacted.parquet <- " + List.of(dir + "/m=1/s=1/part-r1-b.parquet", dir + "/m=1/s=1/part-r1.parquet"),
        "sales_team_mart m=2/s=1/part-r9-compacted.parquet <- " + List.of(dir + "/m=2/s=1/part-r1b.parquet", dir + "/m=2/s=1/part-r2.parquet"))));
    assertThat(Compaction.plan(out.toString(), tables, "r9", 3), equalTo(List.of()));
    assertThat("0 turns it off", Compaction.plan(out.toString(), tables, "r9", 0), equalTo(List.of()));
  }

  /** The commit removes a file only when the new file that holds its rows is there. */
  @Test
  public void onlyFilesWhoseNewFileIsStagedAreReplaced() throws Exception {
    Staging staging = new Staging(tmp.getRoot().toString(), "r9");
    Path there = Path.of(staging.table("t")).resolve("m=1/part-r9-compacted.parquet");
    touch(there, 10);
    String gone = staging.table("t") + "/m=2/part-r9-compacted.parquet";
    Path list = Path.of(staging.replacedFilesFile());
    Files.createDirectories(list.getParent());
    Files.writeString(list, "[\"" + there + "\",\"/o/t/m=1/part-r1.parquet\"]\n"
        + "[\"" + gone + "\",\"/o/t/m=2/part-r1.parquet\"]\n"
        + "[\"" + there + "\",\"/o/t/m=1/part-r2\\ttab.parquet\"]\n");
    assertThat(Compaction.replacedFiles(staging), equalTo(List.of("/o/t/m=1/part-r1.parquet", "/o/t/m=1/part-r2\ttab.parquet")));
    assertThat(Compaction.replacedFiles(new Staging(tmp.getRoot().toString(), "none")), equalTo(List.of()));
  }

  private static List<String> describe(List<Compaction.Group> groups) {
    List<String> lines = new ArrayList<>();
    for (Compaction.Group g : groups) {
      lines.add(g.table.name() + " " + g.newFile + " <- " + g.replaced);
    }
    return lines;
  }

  private static void touch(Path file, long bytes) throws Exception {
    Files.createDirectories(file.getParent());
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(bytes);
    }
  }
}
