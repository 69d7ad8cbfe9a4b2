package io.salespipelines.transforms.state;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertThrows;

import io.salespipelines.schemas.StoreProductSales;
import io.salespipelines.schemas.Tables;
import io.salespipelines.transforms.write.WriteParquetTable;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class ReadParquetFilesTest {
  @Rule public final transient TestPipeline write = TestPipeline.create();
  @Rule public final transient TestPipeline read = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  /** Two of the table's columns, in the table's record name, as a read of some columns asks. */
  private static Schema storeAndTotal() {
    Schema table = Tables.STORE_PRODUCT_SALES.avroSchema();
    List<Schema.Field> fields =
        List.of("store_id", "total_sales").stream()
            .map(name -> new Schema.Field(table.getField(name), table.getField(name).schema()))
            .toList();
    return Schema.createRecord(table.getName(), table.getDoc(), table.getNamespace(), false, fields);
  }

  @Test
  public void readsTheAskedColumnsOfEveryRowOfEveryFile() {
    String dir = tmp.getRoot() + "/store_product_sales";
    List<StoreProductSales> rows =
        IntStream.range(0, 300)
            .mapToObj(i -> StoreProductSales.create("S" + i, "North", null, "P" + i % 7,
                new BigDecimal(i).movePointLeft(2), (long) i))
            .toList();
    write.apply(Create.of(rows)).apply(new WriteParquetTable<>(Tables.STORE_PRODUCT_SALES, dir, "part-r1", 3));
    write.run().waitUntilFinish();

    PCollection<String> read =
        this.read
            .apply(FileIO.match().filepattern(dir + "/*.parquet"))
            .apply(FileIO.readMatches())
            .apply(new ReadParquetFiles<>(
                storeAndTotal(),
                // The record has the asked columns only; the others are not there to read.
                r -> r.get("store_id") + "=" + r.get("total_sales").getClass().getSimpleName()
                    + (r.getSchema().getField("product_id") == null ? "" : " with product_id"),
                StringUtf8Coder.of()));
    PAssert.that(read)
        .containsInAnyOrder(rows.stream().map(r -> r.getStoreId() + "=Fixed").toList());
    this.read.run();
  }

  @Test
  public void readsEachRowGroupOfAFileOnce() throws IOException, NoSuchSchemaException {
    File file = new File(tmp.newFolder("big"), "part-r1-00000-of-00001.parquet");
    List<StoreProductSales> rows =
        IntStream.range(0, 2000)
            .mapToObj(i -> StoreProductSales.create("S" + i, "Store number " + i, "Town " + i % 13, "P" + i % 7,
                new BigDecimal(i * 37L).movePointLeft(2), (long) i))
            .toList();
    // Tiny row groups, so that the file has many and the read splits it.
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(new org.apache.hadoop.fs.Path(file.toURI()))
            .withSchema(Tables.STORE_PRODUCT_SALES.avroSchema())
            .withDataModel(GenericData.get())
            .withRowGroupSize(4096)
            .withPageSize(1024)
            .withConf(new Configuration())
            .build()) {
      for (StoreProductSales row : rows) {
        writer.write(Tables.STORE_PRODUCT_SALES.toAvro(row));
      }
    }
    try (ParquetFileReader footer =
        ParquetFileReader.open(HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toURI()), new Configuration()))) {
      assertThat(footer.getRowGroups().size(), greaterThan(3));
    }

    PCollection<StoreProductSales> read =
        this.read
            .apply(FileIO.match().filepattern(file.toString()))
            .apply(FileIO.readMatches())
            .apply(new ReadParquetFiles<>(
                Tables.STORE_PRODUCT_SALES.avroSchema(),
                r -> Tables.STORE_PRODUCT_SALES.fromAvro(r, Map.of()),
                this.read.getSchemaRegistry().getSchemaCoder(StoreProductSales.class)));
    PAssert.that(read).containsInAnyOrder(rows);
    this.read.run();
  }

  @Test
  public void aDamagedFileFailsTheReadNamingTheFile() throws IOException {
    Path damaged = tmp.newFolder("state").toPath().resolve("part-r1-00000-of-00001.parquet");
    Files.write(damaged, "PAR1 not a parquet file at all PAR1".getBytes(StandardCharsets.UTF_8));
    read.apply(FileIO.match().filepattern(damaged.toString()))
        .apply(FileIO.readMatches())
        .apply(new ReadParquetFiles<>(storeAndTotal(), r -> r.toString(), StringUtf8Coder.of()));

    Exception failure = assertThrows(Exception.class, () -> read.run().waitUntilFinish());
    assertThat(failure.getMessage(), containsString("could not read Parquet file " + damaged));
    write.run();
  }
}
