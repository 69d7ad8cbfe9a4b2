package io.salespipelines.transforms.state;

import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.schemas.Tables;
import io.salespipelines.transforms.testing.Sales;
import io.salespipelines.transforms.write.WriteParquetTable;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class ReadAcceptedIdsTest {
  @Rule public final transient TestPipeline write = TestPipeline.create();
  @Rule public final transient TestPipeline read = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void readsTheIdsOfEveryStateFile() {
    String dir = tmp.getRoot() + "/accepted_sales";
    EnrichedSale a = Sales.sale("T1", "S1", "C1", "SP1", "2025-06-10", "1234567890123456.78", "/in/a.csv", 2);
    EnrichedSale b = Sales.sale("T2", "S2", "C2", "SP2", "2025-12-31", "0.01", "s3://b/in/b.csv", 9);
    EnrichedSale c = Sales.sale("ü-3", "S2", "C2", "SP2", "2025-12-31", "0.01", "s3://b/in/b.csv", 10);
    write.apply("RunOne", Create.of(a, b))
        .apply("WriteRunOne", new WriteParquetTable<>(Tables.ACCEPTED_SALES, dir, "part-r1", 1));
    write.apply("RunTwo", Create.of(c))
        .apply("WriteRunTwo", new WriteParquetTable<>(Tables.ACCEPTED_SALES, dir, "part-r2", 1));
    write.run().waitUntilFinish();

    PAssert.that(read.apply(new ReadAcceptedIds(dir + "/*.parquet"))).containsInAnyOrder("T1", "T2", "ü-3");
    read.run();
  }

  /** Only the ids the filter keeps, given its side input: the others never leave the read. */
  @Test
  public void keepsOnlyTheIdsTheFilterLetsThrough() {
    String dir = tmp.getRoot() + "/accepted_sales";
    List<EnrichedSale> sales = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      sales.add(Sales.sale("T" + i, "S1", "C1", "SP1", "2025-06-10", "1.00", "/in/a.csv", i + 2));
    }
    write.apply(Create.of(sales)).apply(new WriteParquetTable<>(Tables.ACCEPTED_SALES, dir, "part-r1", 1));
    write.run().waitUntilFinish();

    PCollectionView<List<String>> runIds =
        read.apply("RunIds", Create.of("T7", "T150", "T999")).apply(View.asList());
    PAssert.that(
            read.apply(new ReadAcceptedIds(dir + "/*.parquet").keeping(KeepIf.of(runIds, (ids, id) -> ids.contains(id)))))
        .containsInAnyOrder("T7", "T150");
    read.run();
  }

  /**
   * A file whose ids all lie outside the range the test allows is skipped unread (counted as such),
   * while one that overlaps it is read and filtered row by row: the filter's answer is unchanged.
   * Three files: T100-T199 (overlaps the run's ids), U100-U199 and A100-A199 (outside them).
   */
  @Test
  public void skipsTheFilesWhoseIdRangeMissesTheRunsIds() {
    String dir = tmp.getRoot() + "/accepted_sales";
    for (String prefix : List.of("T", "U", "A")) {
      List<EnrichedSale> sales = new ArrayList<>();
      for (int i = 100; i < 200; i++) {
        sales.add(Sales.sale(prefix + i, "S1", "C1", "SP1", "2025-06-10", "1.00", "/in/a.csv", i + 2));
      }
      write.apply("Run" + prefix, Create.of(sales))
          .apply("Write" + prefix, new WriteParquetTable<>(Tables.ACCEPTED_SALES, dir, "part-" + prefix, 1));
    }
    write.run().waitUntilFinish();

    // The run's ids span T150 to T999 (and T7 sorts between them): only the T file can hold any.
    PCollectionView<List<String>> runIds =
        read.apply("RunIds", Create.of("T150", "T7", "T999")).apply(View.asList());
    KeepIf<List<String>, String> filter =
        KeepIf.<List<String>, String>of(runIds, (ids, id) -> ids.contains(id))
            .skippingRanges((ids, least, greatest) ->
                ids.stream().anyMatch(id -> id.compareTo(least) >= 0 && id.compareTo(greatest) <= 0));
    PAssert.that(read.apply(new ReadAcceptedIds(dir + "/*.parquet").keeping(filter))).containsInAnyOrder("T150");
    PipelineResult result = read.run();
    result.waitUntilFinish();
    assertThat(counter(result, "row_groups_skipped"), equalTo(2L));
    assertThat(counter(result, "row_groups_read"), equalTo(1L));
  }

  private static long counter(PipelineResult result, String name) {
    long sum = 0;
    for (MetricResult<Long> c : result.metrics()
        .queryMetrics(MetricsFilter.builder()
            .addNameFilter(MetricNameFilter.named(ReadParquetFiles.class, name)).build())
        .getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }

  /**
   * Enough long ids that Parquet gives up its dictionary for plain pages and writes several pages:
   * the column reader reads every value of both encodings, and what it keeps is exactly the ids.
   */
  @Test
  public void readsEveryIdOfDictionaryAndPlainPages() {
    String dir = tmp.getRoot() + "/accepted_sales";
    List<EnrichedSale> sales = new ArrayList<>();
    int n = 15_000;
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < n; i++) {
      sales.add(Sales.sale(id(i), "S1", "C1", "SP1", "2025-06-10", "1.00", "/in/a.csv", i + 2));
      expected.add(id(i));
    }
    write.apply(Create.of(sales)).apply(new WriteParquetTable<>(Tables.ACCEPTED_SALES, dir, "part-r1", 1));
    write.run().waitUntilFinish();

    PCollection<String> ids = read.apply(new ReadAcceptedIds(dir + "/*.parquet"));
    PAssert.that(ids).satisfies(all -> {
      List<String> read = new ArrayList<>();
      all.forEach(read::add);
      assertThat(read.size(), equalTo(n));
      assertThat(new HashSet<>(read), equalTo(expected));
      return null;
    });
    read.run();
  }

  /** Ids of about 100 bytes (15,000 of them pass Parquet's 1 MiB dictionary), one of them not ASCII. */
  private static String id(int i) {
    return (i == 7_000 ? "ü" : "T") + String.format("%08d", i) + "-" + "0123456789abcdef".repeat(6);
  }

  @Test
  public void noStateYetIsEmpty() {
    PAssert.that(read.apply(new ReadAcceptedIds(tmp.getRoot() + "/none/*.parquet"))).empty();
    read.run();
    write.run();
  }
}
