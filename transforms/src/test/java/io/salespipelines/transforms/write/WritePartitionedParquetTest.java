package io.salespipelines.transforms.write;

import io.salespipelines.transforms.common.SpillByKey;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertThrows;

import io.salespipelines.schemas.OutputTable;
import io.salespipelines.schemas.SalesTeamMartRow;
import io.salespipelines.schemas.Tables;
import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class WritePartitionedParquetTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void partitionsIntoHiveFoldersWithoutRepeatingPartitionColumns() throws Exception {
    String dir = tmp.getRoot() + "/sales_team_mart";
    p.apply(
            Create.of(
                SalesTeamMartRow.create("T1", "SP1", "Kim", "Lee", "S1", "2025-06-10", new BigDecimal("1.00")),
                SalesTeamMartRow.create("T2", "SP1", "Kim", "Lee", "S1", "2025-06-30", new BigDecimal("2.00")),
                SalesTeamMartRow.create("T3", "SP2", "Sam", "Roe", "S/2", "2025-07-01", new BigDecimal("3.00"))))
        .apply(new WritePartitionedParquet<>(Tables.SALES_TEAM_MART, dir, "part-r1", 2));
    p.run();
    assertThat(readAll(Path.of(dir, "sales_month=2025-06", "store_id=S1")).size(), equalTo(2));
    // One file per partition and run.
    assertThat(
        Files.list(Path.of(dir, "sales_month=2025-06", "store_id=S1")).count(), equalTo(1L));
    List<GenericRecord> july = readAll(Path.of(dir, "sales_month=2025-07", "store_id=S%2F2"));
    assertThat(july.size(), equalTo(1));
    assertThat(july.get(0).getSchema().getField("store_id"), equalTo(null));
    assertThat(july.get(0).get("sales_date"), equalTo((int) java.time.LocalDate.parse("2025-07-01").toEpochDay()));
  }

  @Test
  public void aTinySpillBufferStillGivesOneFilePerPartitionWithEveryRowOnce() throws Exception {
    String dir = tmp.getRoot() + "/sales_team_mart";
    // A leftover of a failed attempt: never published, removed with the run's spill files.
    Path leftover = Path.of(WritePartitionedParquet.spillFolder(dir), "failed-attempt.spill");
    Files.createDirectories(leftover.getParent());
    Files.writeString(leftover, "half a spill");
    List<SalesTeamMartRow> rows = martRows(300);
    p.apply(Create.of(rows))
        .apply(new WritePartitionedParquet<>(Tables.SALES_TEAM_MART, dir, "part-r1", 2).withSpillBufferBytes(100));
    PipelineResult result = p.run();
    result.waitUntilFinish();

    assertOneFileEachHoldingEveryRowOnce(
        Path.of(dir), "part-r1",
        expected(Tables.SALES_TEAM_MART, rows, m -> m.getTransactionId() + "|" + m.getSalesPersonId() + "|" + m.getLastName()),
        r -> r.get("transaction_id") + "|" + r.get("sales_person_id") + "|" + r.get("last_name"));
    // 100 bytes hold two or three rows: many spills, each partition read from many of them.
    assertThat(spillFiles(result), greaterThan(50L));
  }

  @Test
  public void refusesRowsInOtherWindowsThanTheGlobalOne() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                p.apply(Create.of(martRows(1)))
                    .apply(Window.into(FixedWindows.of(Duration.standardMinutes(1))))
                    .apply(new WritePartitionedParquet<>(Tables.SALES_TEAM_MART, tmp.getRoot() + "/t", "part-r1", 0)));
    assertThat(e.getMessage(), containsString("global window"));
    p.enableAbandonedNodeEnforcement(false);
  }

  /** {@code n} rows over three months and four stores (twelve partitions). */
  static List<SalesTeamMartRow> martRows(int n) {
    List<SalesTeamMartRow> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(
          SalesTeamMartRow.create(
              "T" + i, "SP" + (i % 7), "Kim", i % 5 == 0 ? null : "Lee", "S" + (i % 4),
              "2025-0" + (1 + i % 3) + "-1" + (i % 10), new BigDecimal(i + ".25")));
    }
    return rows;
  }

  /** The row ids each partition must hold. */
  public static <T> Map<String, List<String>> expected(OutputTable<T> table, List<T> rows, Function<T, String> id) {
    Map<String, List<String>> partitions = new TreeMap<>();
    for (T row : rows) {
      partitions.computeIfAbsent(table.partitionPath(row), k -> new ArrayList<>()).add(id.apply(row));
    }
    partitions.values().forEach(ids -> ids.sort(null));
    return partitions;
  }

  /**
   * The table folder holds exactly {@code <partition>/<prefix>.parquet} for each expected partition
   * (no spill file or folder left), and each file holds its partition's rows, each once.
   */
  public static void assertOneFileEachHoldingEveryRowOnce(
      Path dir, String prefix, Map<String, List<String>> expected, Function<GenericRecord, String> id)
      throws Exception {
    List<String> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(f -> !f.equals(dir)).map(f -> dir.relativize(f).toString()).collect(Collectors.toList());
    }
    List<String> unexpected = new ArrayList<>();
    for (String f : files) {
      boolean partOfAPartition =
          expected.keySet().stream().anyMatch(partition -> (partition + "/").startsWith(f + "/")
              || f.equals(partition + "/" + prefix + ".parquet"));
      if (!partOfAPartition) {
        unexpected.add(f);
      }
    }
    assertThat("files other than one per partition", unexpected, empty());
    Map<String, List<String>> actual = new TreeMap<>();
    for (String partition : expected.keySet()) {
      List<String> ids = new ArrayList<>();
      for (GenericRecord r : readAll(dir.resolve(partition))) {
        ids.add(id.apply(r));
      }
      ids.sort(null);
      actual.put(partition, ids);
    }
    assertThat(actual, equalTo(expected));
  }

  public static long spillFiles(PipelineResult result) {
    MetricQueryResults metrics =
        result.metrics().queryMetrics(
            MetricsFilter.builder()
                .addNameFilter(MetricNameFilter.named(SpillByKey.class, "spill_files"))
                .build());
    long files = 0;
    for (MetricResult<Long> counter : metrics.getCounters()) {
      files += counter.getAttempted();
    }
    return files;
  }

  static List<GenericRecord> readAll(Path dir) throws Exception {
    List<GenericRecord> rows = new ArrayList<>();
    List<File> files;
    try (Stream<Path> walk = Files.list(dir)) {
      files =
          walk.filter(f -> f.getFileName().toString().endsWith(".parquet"))
              .map(Path::toFile)
              .collect(Collectors.toList());
    }
    for (File f : files) {
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(
                  HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(f.toURI()), new Configuration()))
              .build()) {
        for (GenericRecord r; (r = reader.read()) != null; ) {
          rows.add(r);
        }
      }
    }
    return rows;
  }
}
