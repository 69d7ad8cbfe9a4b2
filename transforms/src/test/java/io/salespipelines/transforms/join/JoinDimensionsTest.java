package io.salespipelines.transforms.join;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.schemas.coders.EnrichedSaleCoder;
import io.salespipelines.transforms.testing.Dims;
import io.salespipelines.transforms.testing.Sales;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class JoinDimensionsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void enrichesKnownKeysAndRejectsTheFirstUnknownOne() throws Exception {
    String dims = Dims.write(tmp);
    WithFailures.Result<PCollection<EnrichedSale>, DeadLetter> r =
        p.apply(
                Create.of(
                    Sales.transaction().setTransactionId("ok").build(),
                    Sales.transaction().setTransactionId("byName").setProductById(false).setProductKey("GREEN tea").setSalesDate("2025-12-31").build(),
                    // Unknown store and customer: the store is checked first.
                    Sales.transaction().setTransactionId("t3").setLine(3).setStoreId("S9").setCustomerId("C9").build(),
                    Sales.transaction().setTransactionId("t4").setLine(4).setCustomerId("c1").build(),
                    Sales.transaction().setTransactionId("t5").setLine(5).setProductKey("P9").setSalesPersonId("SP9").build(),
                    Sales.transaction().setTransactionId("t6").setLine(6).setProductById(false).setProductKey("Green  Tea").build(),
                    Sales.transaction().setTransactionId("t7").setLine(7).setSalesPersonId("SP1 ").build()))
            .apply(new JoinDimensions(Dims.read(p, dims)));
    PAssert.that(
            r.output()
                .apply(
                    "DescribeJoined",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            s ->
                                s.getTransactionId() + "|" + s.getStoreName() + "|" + s.getStoreLocation() + "|"
                                    + s.getCustomerFirstName() + " " + s.getCustomerLastName() + "|" + s.getProductId()
                                    + "|" + s.getSalesPersonFirstName() + "|" + s.getSalesYear() + "-" + s.getSalesMonth())))
        .containsInAnyOrder(
            "ok|Main, Street|Berlin|Zoë O'Brien|P1|Kim|2025-6",
            "byName|Main, Street|Berlin|Zoë O'Brien|P1|Kim|2025-12");
    PAssert.that(
            r.failures()
                .apply(
                    "DescribeFailures",
                    MapElements.into(TypeDescriptors.strings())
                        .via(d -> d.getLine() + "|" + d.getErrorType() + "|" + d.getErrorField())))
        .containsInAnyOrder(
            "3|unknown_store|store_id",
            "4|unknown_customer|customer_id",
            "5|unknown_product|product_id",
            "6|unknown_product|product_name",
            "7|unknown_sales_person|sales_person_id");
    // Not the schema coder: every accepted sale is encoded and decoded many times on Spark.
    assertThat(r.output().getCoder(), instanceOf(EnrichedSaleCoder.class));
    p.run();
  }
}
