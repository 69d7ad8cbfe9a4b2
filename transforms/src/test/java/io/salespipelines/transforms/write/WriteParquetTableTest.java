package io.salespipelines.transforms.write;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import io.salespipelines.schemas.CustomerMonthlySpend;
import io.salespipelines.schemas.Tables;
import java.io.File;
import java.math.BigDecimal;
import org.apache.avro.generic.GenericFixed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class WriteParquetTableTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void writesDecimal18x2AndReadsBackExactly() throws Exception {
    String dir = tmp.getRoot() + "/customer_monthly_spend";
    p.apply(
            Create.of(
                CustomerMonthlySpend.create("C1", "Zoë", null, 2025, 6, new BigDecimal("9999999999999999.99")),
                CustomerMonthlySpend.create("C2", "A", "B", 2025, 7, new BigDecimal("0.01"))))
        .apply(new WriteParquetTable<>(Tables.CUSTOMER_MONTHLY_SPEND, dir, "part-r1", 1));
    p.run();
    List<GenericRecord> rows = readAll(Path.of(dir));
    Schema totalSchema = rows.get(0).getSchema().getField("monthly_total").schema();
    assertThat(totalSchema.getLogicalType(), equalTo(LogicalTypes.decimal(18, 2)));
    // Parquet FIXED_LEN_BYTE_ARRAY(8): the decimal form Spark's vectorized reader takes.
    assertThat(totalSchema.getType(), equalTo(org.apache.avro.Schema.Type.FIXED));
    assertThat(totalSchema.getFixedSize(), equalTo(8));
    List<String> seen = new ArrayList<>();
    for (GenericRecord r : rows) {
      BigDecimal total =
          new Conversions.DecimalConversion()
              .fromFixed((GenericFixed) r.get("monthly_total"), totalSchema, totalSchema.getLogicalType());
      seen.add(r.get("customer_id") + "|" + r.get("first_name") + "|" + r.get("last_name") + "|" + total);
    }
    assertThat(seen, containsInAnyOrder("C1|Zoë|null|9999999999999999.99", "C2|A|B|0.01"));
  }

  /** The Direct runner's form: each bundle streams into a file of its own, every row once. */
  @Test
  public void eachBundleToItsFileWritesEveryRowOnceUnderTheRunsPrefix() throws Exception {
    String dir = tmp.getRoot() + "/customer_monthly_spend";
    List<CustomerMonthlySpend> spend = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      spend.add(CustomerMonthlySpend.create("C" + i, "F", "L", 2025, 1 + i % 12, new BigDecimal(i + ".25")));
      expected.add("C" + i + "|" + (1 + i % 12));
    }
    p.apply(Create.of(spend))
        .apply(new WriteParquetTable<>(Tables.CUSTOMER_MONTHLY_SPEND, dir, "part-r1", 0).eachBundleToItsFile(true));
    p.run();
    try (Stream<Path> files = Files.list(Path.of(dir))) {
      assertThat(files.allMatch(f -> f.getFileName().toString().matches("part-r1-[0-9a-f-]{36}\\.parquet")), equalTo(true));
    }
    List<String> seen = new ArrayList<>();
    for (GenericRecord r : readAll(Path.of(dir))) {
      seen.add(r.get("customer_id") + "|" + r.get("month"));
    }
    assertThat(seen, containsInAnyOrder(expected.toArray()));
  }

  /**
   * One shard is one file under FileIO's name, brought together through spill files that are gone
   * afterwards: every row once, from many bundles.
   */
  @Test
  public void oneShardIsOneFileWithEveryRowAndNoSpillLeft() throws Exception {
    String dir = tmp.getRoot() + "/customer_monthly_spend";
    List<CustomerMonthlySpend> spend = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      spend.add(CustomerMonthlySpend.create("C" + i, "F", "L", 2025, 1 + i % 12, new BigDecimal(i + ".25")));
      expected.add("C" + i + "|" + (1 + i % 12) + "|" + i + ".25");
    }
    p.apply(Create.of(spend)).apply(new WriteParquetTable<>(Tables.CUSTOMER_MONTHLY_SPEND, dir, "part-r1", 1));
    p.run();
    assertThat(names(dir), contains("part-r1-00000-of-00001.parquet"));
    List<String> seen = new ArrayList<>();
    for (GenericRecord r : readAll(Path.of(dir))) {
      Schema total = r.getSchema().getField("monthly_total").schema();
      seen.add(r.get("customer_id") + "|" + r.get("month") + "|"
          + new Conversions.DecimalConversion().fromFixed((GenericFixed) r.get("monthly_total"), total, total.getLogicalType()));
    }
    assertThat(seen, containsInAnyOrder(expected.toArray()));
  }

  /** Two one-file writes into one folder in one pipeline: each keeps its spill files until it is done. */
  @Test
  public void twoOneShardWritesIntoOneFolderEachWriteEveryRow() throws Exception {
    String dir = tmp.getRoot() + "/customer_monthly_spend";
    List<CustomerMonthlySpend> one = new ArrayList<>();
    List<CustomerMonthlySpend> two = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      (i % 2 == 0 ? one : two).add(CustomerMonthlySpend.create("C" + i, "F", "L", 2025, 1 + i % 12, new BigDecimal(i + ".25")));
      expected.add("C" + i);
    }
    p.apply("One", Create.of(one)).apply("WriteOne", new WriteParquetTable<>(Tables.CUSTOMER_MONTHLY_SPEND, dir, "part-r1", 1));
    p.apply("Two", Create.of(two)).apply("WriteTwo", new WriteParquetTable<>(Tables.CUSTOMER_MONTHLY_SPEND, dir, "part-r2", 1));
    p.run();
    assertThat(names(dir), contains("part-r1-00000-of-00001.parquet", "part-r2-00000-of-00001.parquet"));
    List<String> seen = new ArrayList<>();
    for (GenericRecord r : readAll(Path.of(dir))) {
      seen.add(r.get("customer_id").toString());
    }
    assertThat(seen, containsInAnyOrder(expected.toArray()));
  }

  /** No rows is still the table's one file, with no rows in it (as FileIO's fixed shard wrote it). */
  @Test
  public void oneShardOfNoRowsIsAnEmptyFile() throws Exception {
    String dir = tmp.getRoot() + "/store_product_sales";
    p.apply(Create.empty(p.getSchemaRegistry().getSchemaCoder(CustomerMonthlySpend.class)))
        .apply(new WriteParquetTable<>(Tables.CUSTOMER_MONTHLY_SPEND, dir, "part-r1", 1));
    p.run();
    assertThat(names(dir), contains("part-r1-00000-of-00001.parquet"));
    assertThat(readAll(Path.of(dir)), empty());
  }

  private static List<String> names(String dir) throws Exception {
    try (Stream<Path> files = Files.list(Path.of(dir))) {
      return files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  private static List<GenericRecord> readAll(Path dir) throws Exception {
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
