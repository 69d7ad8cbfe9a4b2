package io.salespipelines.transforms.write;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.salespipelines.schemas.CustomerMonthlySpend;
import io.salespipelines.schemas.Tables;
import io.salespipelines.transforms.state.BeamInputFile;
import io.salespipelines.transforms.state.ParquetRecords;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class CompactParquetFilesTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  /**
   * Small files become one file holding their rows in their order; a file of another schema stays
   * out, and a group with a file that cannot be read leaves no new file and replaces nothing.
   */
  @Test
  public void rewritesAGroupRowForRowAndLeavesWhatItCannotTake() throws Exception {
    Path dir = tmp.newFolder("month=6").toPath();
    String a = write(dir.resolve("part-r1.parquet"), spend("C1", "1.10"), spend("C2", "2.20"));
    String empty = write(dir.resolve("part-r2.parquet"));
    String b = write(dir.resolve("part-r3.parquet"), spend("C3", "0.01"), spend("C1", "9999999999999999.99"), spend("C4", "3.00"));
    String other = otherSchema(dir.resolve("part-old.parquet"));
    CustomerMonthlySpend[] many = new CustomerMonthlySpend[1_500];
    for (int i = 0; i < many.length; i++) {
      many[i] = spend("B" + i, i + ".01");
    }
    String big = write(dir.resolve("part-r0.parquet"), many);
    String target = dir.resolve("part-r9-compacted.parquet").toString();
    Path dir2 = tmp.newFolder("month=7").toPath();
    String c = write(dir2.resolve("part-r1.parquet"), spend("C5", "5.00"));
    String missing = dir2.resolve("part-r2.parquet").toString();
    String target2 = dir2.resolve("part-r9-compacted.parquet").toString();

    PCollection<KV<String, String>> replaced =
        p.apply(Create.of(KV.of(target, List.of(a, big, empty, other, b)), KV.of(target2, List.of(c, missing)))
                .withCoder(KvCoder.of(StringUtf8Coder.of(), ListCoder.of(StringUtf8Coder.of()))))
            .apply(new CompactParquetFiles<>(Tables.CUSTOMER_MONTHLY_SPEND));
    PAssert.that(replaced).containsInAnyOrder(KV.of(target, a), KV.of(target, big), KV.of(target, empty), KV.of(target, b));
    p.run();

    // The big file's row group copied as it is, then the small files' rows as one row group.
    List<String> expected = new ArrayList<>(rows(big));
    expected.addAll(List.of("C1 1.10", "C2 2.20", "C3 0.01", "C1 9999999999999999.99", "C4 3.00"));
    assertThat(rows(target), equalTo(expected));
    assertThat(rowGroups(target), equalTo(List.of(1_500L, 5L)));
    assertThat(rows(target).size(), equalTo(1_505));
    assertThat("nothing is deleted here", Files.exists(Path.of(a)) && Files.exists(Path.of(b)), equalTo(true));
    assertThat(rows(other).size(), equalTo(1));
    assertThat(Files.exists(Path.of(target2)), equalTo(false));
    assertThat(rows(c), equalTo(List.of("C5 5.00")));
  }

  private static CustomerMonthlySpend spend(String customer, String total) {
    return CustomerMonthlySpend.create(customer, "F", "L", 2025, 6, new BigDecimal(total));
  }

  private static String write(Path file, CustomerMonthlySpend... rows) throws Exception {
    try (ParquetTableFile<CustomerMonthlySpend> out = new ParquetTableFile<>(Tables.CUSTOMER_MONTHLY_SPEND, file.toString())) {
      for (CustomerMonthlySpend row : rows) {
        out.write(row);
      }
    }
    return file.toString();
  }

  private static String otherSchema(Path file) throws Exception {
    Schema schema = new Schema.Parser().parse(
        "{\"type\":\"record\",\"name\":\"customer_monthly_spend\",\"fields\":[{\"name\":\"customer_id\",\"type\":\"string\"}]}");
    try (ParquetWriter<GenericRecord> out =
        AvroParquetWriter.<GenericRecord>builder(HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))
            .withSchema(schema).build()) {
      GenericRecord r = new GenericData.Record(schema);
      r.put("customer_id", "C0");
      out.write(r);
    }
    return file.toString();
  }

  private static List<Long> rowGroups(String file) throws Exception {
    List<Long> counts = new ArrayList<>();
    try (ParquetRecords reader = ParquetRecords.open(new BeamInputFile(file))) {
      reader.rowGroups().forEach(g -> counts.add(g.getRowCount()));
    }
    return counts;
  }

  /** customer_id and the total of each record, in file order. */
  private static List<String> rows(String file) throws Exception {
    List<String> rows = new ArrayList<>();
    try (ParquetRecords reader = ParquetRecords.open(new BeamInputFile(file))) {
      for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
        if (r.getSchema().getField("monthly_total") == null) {
          rows.add(String.valueOf(r.get("customer_id")));
          continue;
        }
        Schema total = r.getSchema().getField("monthly_total").schema();
        rows.add(r.get("customer_id") + " " + new org.apache.avro.Conversions.DecimalConversion()
            .fromFixed((org.apache.avro.generic.GenericFixed) r.get("monthly_total"), total, total.getLogicalType()));
      }
    }
    return rows;
  }
}
