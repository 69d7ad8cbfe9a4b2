package io.salespipelines.transforms.orders;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;

import io.salespipelines.schemas.FactOrder;
import io.salespipelines.schemas.OrdersTables;
import io.salespipelines.transforms.testing.Orders;
import io.salespipelines.transforms.write.WritePartitionedParquet;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The fact tables as the job's state: written partitioned by month (items without their order's
 * month and status), orders read back projected to the columns the metrics need.
 */
@RunWith(JUnit4.class)
public class ReadFactOrdersTest {
  @Rule public final transient TestPipeline write = TestPipeline.create();
  @Rule public final transient TestPipeline read = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void factTablesRoundTripThroughMonthPartitions() throws IOException {
    String orders = tmp.getRoot() + "/fact_orders";
    String items = tmp.getRoot() + "/fact_order_items";
    FactOrder january =
        Orders.fact("O-1", "C-9", "DE", "2025-01", "paid", "1234567890123456.78").toBuilder()
            .setSignupDate("2024-12-30")
            .setOrderTs(Orders.micros("2025-01-31T23:59:59.999999Z"))
            .setPaymentAmount(new BigDecimal("59.97"))
            .setAdditionalFields("{\"channel\":\"web\"}")
            .build();
    FactOrder december = Orders.fact("O-2", "C-8", "UNKNOWN", "2024-12", "pending", "0.01");
    write.apply("Orders", Create.of(january, december))
        .apply("WriteOrders", new WritePartitionedParquet<>(OrdersTables.FACT_ORDERS, orders, "part-r1", 2));
    write.apply("Items", Create.of(
            Orders.item("O-1", 1, "2025-01", "paid", "books", 3, "19.99"),
            Orders.item("O-1", 2, "2025-01", "paid", "toys", 1, "0.05"),
            Orders.item("O-2", 1, "2024-12", "pending", "books", 1, "0.01"),
            Orders.item("O-3", 1, "2024-12", "paid", "books", 1, "0.01")))
        .apply("WriteItems", new WritePartitionedParquet<>(OrdersTables.FACT_ORDER_ITEMS, items, "part-r1", 2));
    write.run().waitUntilFinish();

    assertThat(files(orders), containsInAnyOrder(
        "order_year=2024/order_month=12/part-r1.parquet", "order_year=2025/order_month=01/part-r1.parquet"));
    // Partition columns and the items' order values are not inside the files.
    GenericRecord first = firstRecord(items + "/order_year=2025/order_month=01/part-r1.parquet");
    assertThat(first.getSchema().getFields().stream().map(f -> f.name()).collect(Collectors.toList()),
        containsInAnyOrder("order_id", "line_no", "customer_id", "product_id", "category", "quantity",
            "unit_price", "line_total"));
    assertThat(String.valueOf(firstRecord(orders + "/order_year=2025/order_month=01/part-r1.parquet").get("order_ts")),
        org.hamcrest.Matchers.equalTo(String.valueOf(Orders.micros("2025-01-31T23:59:59.999999Z"))));

    PCollection<FactOrder> readOrders = read.apply("ReadOrders", new ReadFactOrders(orders + "/**/*.parquet"));
    PAssert.that(readOrders)
        .containsInAnyOrder(
            january.toBuilder().setSignupDate(null).setPaymentMethod(null).setPaymentAmount(null)
                .setAdditionalFields("{}").build(),
            december.toBuilder().setPaymentMethod(null).build());
    read.run();
  }

  @Test
  public void noTablesYetIsEmpty() {
    PAssert.that(read.apply("Orders", new ReadFactOrders(tmp.getRoot() + "/none/**/*.parquet"))).empty();
    read.run();
    write.run();
  }

  private static java.util.List<String> files(String dir) throws IOException {
    Path root = Path.of(dir);
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(f -> root.relativize(f).toString())
          .filter(f -> !f.contains(".crc"))
          .collect(Collectors.toList());
    }
  }

  private static GenericRecord firstRecord(String file) throws IOException {
    try (ParquetReader<GenericRecord> reader =
        AvroParquetReader.<GenericRecord>builder(
                HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file), new Configuration()))
            .build()) {
      return reader.read();
    }
  }
}
