package io.salespipelines.transforms.orders;

import static io.salespipelines.transforms.testing.Orders.fact;

import io.salespipelines.schemas.CategorySalesMonthly;
import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.FactOrder;
import io.salespipelines.transforms.parse.ParseSalesFile;
import io.salespipelines.transforms.testing.TestFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.rules.TemporaryFolder;

/**
 * One run of {@link OrdersAnalytics} with an earlier run's facts, small enough to work out by hand
 * (the expected tables below), shared by the Direct and the Spark test.
 *
 * <p>Earlier run: E-1 (C1, DE, December, paid, books 1 × 10.00) and E-2 (C2, December, pending),
 * and the category table it left (December books 1, 10.00).
 * This run: January O-1 (C1, books 2 × 10.005 → 10.01, toys 1 × 1.00) and O-2 (C3, "fr", at
 * 23:30 −02:00 on 20 January, books 5.00), E-1 again (duplicate of the earlier run), a line that is
 * not JSON, O-3 without payment status; February (gzip) only O-7, pending, so February is a gap
 * month; March (a pretty-printed array) O-4 (C1, no country, games 7.50), O-1 again (duplicate), O-5
 * with quantity 2.0, O-6 refunded; and a .txt file.
 */
final class OrdersScenario {
  private OrdersScenario() {}

  private static String order(String id, String customer, String country, String ts, String status, String items) {
    return "{\"order_id\":\"" + id + "\",\"order_ts\":\"" + ts + "\",\"customer\":{\"customer_id\":\"" + customer
        + "\"" + (country == null ? "" : ",\"country\":\"" + country + "\"") + "},\"payment\":{\"method\":\"card\""
        + (status == null ? "" : ",\"status\":\"" + status + "\"") + "},\"items\":[" + items + "]}";
  }

  private static String item(String product, String category, String quantity, String price) {
    return "{\"product_id\":\"" + product + "\",\"category\":\"" + category + "\",\"quantity\":" + quantity
        + ",\"unit_price\":\"" + price + "\"}";
  }

  static List<String> writeInput(TemporaryFolder tmp) throws IOException {
    String january =
        String.join("\n",
            order("O-1", "C1", "DE", "2025-01-05T10:00:00Z", "paid",
                item("P-1", "books", "2", "10.005") + "," + item("P-2", "toys", "1", "1.00")),
            "",
            order("O-2", "C3", "fr", "2025-01-20T23:30:00-02:00", "paid", item("P-1", "books", "1", "5.00")),
            order("E-1", "C1", "DE", "2025-01-06T10:00:00Z", "paid", item("P-1", "books", "1", "1.00")),
            "{not json",
            order("O-3", "C9", "DE", "2025-01-07T10:00:00Z", null, item("P-1", "books", "1", "1.00")));
    String february = order("O-7", "C2", "DE", "2025-02-10", "pending", item("P-3", "games", "1", "2.00"));
    String march =
        "[\n  "
            + String.join(",\n  ",
                order("O-4", "C1", null, "2025-03-02T08:00:00", "paid", item("P-3", "games", "1", "7.50")),
                order("O-1", "C1", "DE", "2025-03-05T10:00:00Z", "paid", item("P-1", "books", "1", "1.00")),
                order("O-5", "C4", "DE", "2025-03-06T10:00:00Z", "PAID", item("P-1", "books", "2.0", "1.00")),
                order("O-6", "C3", "FR", "2025-03-15T10:00:00Z", "refunded", item("P-1", "books", "1", "3.00")))
            + "\n]\n";
    return List.of(
        TestFiles.write(tmp, "orders_2025_01.json", january + "\n"),
        TestFiles.writeGzip(tmp, "orders_2025_02.json.gz", february + "\n"),
        TestFiles.write(tmp, "orders_2025_03.json", march),
        TestFiles.write(tmp, "notes.txt", "not orders\n"));
  }

  static PCollectionTuple run(Pipeline p, List<String> files) {
    return run(p, files, new OrdersAnalytics(4));
  }

  static PCollectionTuple run(Pipeline p, List<String> files, OrdersAnalytics analytics) {
    PCollection<FactOrder> earlierOrders =
        p.apply("EarlierOrders", Create.of(
            fact("E-1", "C1", "DE", "2024-12", "paid", "10.00"),
            fact("E-2", "C2", "DE", "2024-12", "pending", "5.00")));
    // The category table the earlier run left: E-1's books line (E-2, pending, counts nowhere).
    PCollection<CategorySalesMonthly> earlierCategorySales =
        p.apply("EarlierCategorySales", Create.of(
            CategorySalesMonthly.create("2024-12", "books", 1, new BigDecimal("10.00"))));
    return PCollectionTuple.of(OrdersAnalytics.FILES, p.apply("Files", Create.of(files)))
        .and(OrdersAnalytics.EARLIER_ORDERS, earlierOrders)
        .and(OrdersAnalytics.EARLIER_CATEGORY_SALES, earlierCategorySales)
        .apply(analytics);
  }

  private static <T> PCollection<String> describe(
      PCollectionTuple result, org.apache.beam.sdk.values.TupleTag<T> tag, SerializableFunction<T, String> f) {
    return result.get(tag).apply("Describe" + tag.getId(), MapElements.into(TypeDescriptors.strings()).via(f));
  }

  /** Every table of the run, to the cent. */
  static void assertTables(PCollectionTuple r) {
    PAssert.that(describe(r, OrdersAnalytics.FACT_ORDERS, o -> o.getOrderId() + "|" + o.getCustomerId() + "|"
            + o.getCountry() + "|" + o.month() + "|" + o.getPaymentStatus() + "|" + o.getItemCount() + "|"
            + o.getQuantity() + "|" + o.getOrderTotal()))
        .containsInAnyOrder(
            "O-1|C1|DE|2025-01|paid|2|3|21.02",
            "O-2|C3|FR|2025-01|paid|1|1|5.00",
            "O-7|C2|DE|2025-02|pending|1|1|2.00",
            "O-4|C1|UNKNOWN|2025-03|paid|1|1|7.50",
            "O-6|C3|FR|2025-03|refunded|1|1|3.00");
    PAssert.that(describe(r, OrdersAnalytics.FACT_ORDER_ITEMS, i -> i.getOrderId() + "/" + i.getLineNo() + "|"
            + i.getCategory() + "|" + i.getQuantity() + "|" + i.getUnitPrice() + "|" + i.getLineTotal() + "|"
            + i.getOrderMonth()))
        .containsInAnyOrder(
            "O-1/1|books|2|10.01|20.02|2025-01", "O-1/2|toys|1|1.00|1.00|2025-01",
            "O-2/1|books|1|5.00|5.00|2025-01", "O-7/1|games|1|2.00|2.00|2025-02",
            "O-4/1|games|1|7.50|7.50|2025-03", "O-6/1|books|1|3.00|3.00|2025-03");
    PAssert.that(describe(r, OrdersAnalytics.DEAD_LETTERS, (DeadLetter d) -> ParseSalesFile.fileName(d.getSource())
            + ":" + d.getLine() + "|" + d.getErrorType() + "|" + d.getErrorField()))
        .containsInAnyOrder(
            "orders_2025_01.json:4|duplicate|order_id",
            "orders_2025_01.json:5|malformed|null",
            "orders_2025_01.json:6|missing_value|payment.status",
            "orders_2025_03.json:3|duplicate|order_id",
            "orders_2025_03.json:4|invalid_value|items[1].quantity",
            "notes.txt:0|wrong_file_type|null");
    PAssert.that(describe(r, ComputeOrderMetrics.MONTHLY_REVENUE,
            m -> m.getMonth() + "|" + m.getOrders() + "|" + m.getRevenue() + "|" + m.getAov()))
        .containsInAnyOrder("2024-12|1|10.00|10.00", "2025-01|2|26.02|13.01", "2025-03|1|7.50|7.50");
    PAssert.that(describe(r, ComputeOrderMetrics.REVENUE_MOM, m -> m.getMonth() + "|" + m.getRevenue() + "|"
            + m.getPrevRevenue() + "|" + m.getMomGrowthPct() + "|" + m.getRunningRevenue()))
        .containsInAnyOrder(
            "2024-12|10.00|null|null|10.00", "2025-01|26.02|10.00|160.20|36.02",
            "2025-02|0.00|26.02|-100.00|36.02", "2025-03|7.50|0.00|null|43.52");
    PAssert.that(describe(r, ComputeOrderMetrics.CATEGORY_SALES_MONTHLY,
            c -> c.getMonth() + "|" + c.getCategory() + "|" + c.getQuantity() + "|" + c.getRevenue()))
        .containsInAnyOrder(
            "2024-12|books|1|10.00", "2025-01|books|3|25.02", "2025-01|toys|1|1.00", "2025-03|games|1|7.50");
    PAssert.that(describe(r, ComputeOrderMetrics.MONTHLY_ACTIVE_CUSTOMERS,
            a -> a.getMonth() + "|" + a.getCountry() + "|" + a.getActiveCustomers()))
        .containsInAnyOrder(
            "2024-12|DE|1", "2024-12|ALL|1", "2025-01|DE|1", "2025-01|FR|1", "2025-01|ALL|2",
            "2025-03|UNKNOWN|1", "2025-03|ALL|1");
    PAssert.that(describe(r, ComputeOrderMetrics.COHORT_RETENTION, c -> c.getCohortMonth() + "+" + c.getMonthsSince()
            + "|" + c.getCohortSize() + "|" + c.getActiveCustomers() + "|" + c.getRetentionPct()))
        .containsInAnyOrder(
            "2024-12+0|1|1|100.00", "2024-12+1|1|1|100.00", "2024-12+2|1|0|0.00", "2024-12+3|1|1|100.00",
            "2025-01+0|1|1|100.00", "2025-01+1|1|0|0.00", "2025-01+2|1|0|0.00");
    PAssert.that(describe(r, ComputeOrderMetrics.MONTHLY_CHURN,
            c -> c.getMonth() + "|" + c.getActiveCustomers() + "|" + c.getChurned() + "|" + c.getChurnPct()))
        .containsInAnyOrder(
            "2024-12|1|0|0.00", "2025-01|2|2|100.00", "2025-02|0|0|null", "2025-03|1|null|null");
  }
}
