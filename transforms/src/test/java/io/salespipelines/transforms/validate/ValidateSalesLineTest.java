package io.salespipelines.transforms.validate;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.SalesLine;
import io.salespipelines.schemas.SalesTransaction;
import io.salespipelines.schemas.coders.SalesTransactionCoder;
import io.salespipelines.transforms.testing.Sales;
import java.math.BigDecimal;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class ValidateSalesLineTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static DeadLetter rejected(SalesLine line) {
    Object result = ValidateSalesLine.validate(line);
    assertThat(result, instanceOf(DeadLetter.class));
    return (DeadLetter) result;
  }

  private static SalesTransaction accepted(SalesLine line) {
    Object result = ValidateSalesLine.validate(line);
    assertThat(result, instanceOf(SalesTransaction.class));
    return (SalesTransaction) result;
  }

  @Test
  public void missingValuesAreReportedInColumnOrder() {
    DeadLetter d = rejected(Sales.line().setStoreId("").setPrice(null).build());
    assertThat(d.getErrorType(), equalTo("missing_value"));
    assertThat(d.getErrorField(), equalTo("store_id"));
    assertThat(rejected(Sales.line().setCustomerId("  ").build()).getErrorField(), equalTo("customer_id"));
    assertThat(
        rejected(Sales.line().setProductById(false).setProductId(null).setProductName("").build())
            .getErrorField(),
        equalTo("product_name"));
    assertThat(rejected(Sales.line().setTotalCost(null).build()).getErrorField(), equalTo("total_cost"));
  }

  @Test
  public void missingBeatsInvalid() {
    DeadLetter d = rejected(Sales.line().setPrice("abc").setQuantity("").build());
    assertThat(d.getErrorType(), equalTo("missing_value"));
    assertThat(d.getErrorField(), equalTo("quantity"));
  }

  @Test
  public void invalidValues() {
    String[][] cases = {
      {"sales_date", "2025-13-45"},
      {"sales_date", "10/06/2025"},
      {"price", "1,50"},
      {"price", "0"},
      {"price", "-2.00"},
      {"price", "1e3"},
      {"quantity", "2.5"},
      {"quantity", "0"},
      {"quantity", "99999999999"},
      {"total_cost", "-5"},
      {"total_cost", "0.004"},
      {"total_cost", "12345678901234567.00"},
    };
    for (String[] c : cases) {
      SalesLine.Builder b = Sales.line();
      switch (c[0]) {
        case "sales_date": b.setSalesDate(c[1]); break;
        case "price": b.setPrice(c[1]); break;
        case "quantity": b.setQuantity(c[1]); break;
        default: b.setTotalCost(c[1]);
      }
      DeadLetter d = rejected(b.build());
      assertThat(c[1], d.getErrorType(), equalTo("invalid_value"));
      assertThat(c[1], d.getErrorField(), equalTo(c[0]));
      assertThat(d.getMessage(), containsString(c[0]));
      assertThat(d.getRaw(), equalTo("raw"));
    }
  }

  @Test
  public void amountsAreRoundedHalfUpToCents() {
    SalesTransaction t = accepted(Sales.line().setPrice("19.995").setTotalCost("+0.005").build());
    assertThat(t.getPrice(), equalTo(new BigDecimal("20.00")));
    assertThat(t.getTotalCost(), equalTo(new BigDecimal("0.01")));
    assertThat(accepted(Sales.line().setTotalCost("7").build()).getTotalCost(), equalTo(new BigDecimal("7.00")));
  }

  @Test
  public void dateTimesCountOnTheirUtcDate() {
    assertThat(accepted(Sales.line().setSalesDate("2025-06-10T01:00:00+02:00").build()).getSalesDate(), equalTo("2025-06-09"));
    assertThat(accepted(Sales.line().setSalesDate("2025-06-10T23:30:00-02:00").build()).getSalesDate(), equalTo("2025-06-11"));
    assertThat(accepted(Sales.line().setSalesDate("2025-06-10T14:35:00Z").build()).getSalesDate(), equalTo("2025-06-10"));
    assertThat(accepted(Sales.line().setSalesDate("2025-06-10T14:35:00").build()).getSalesDate(), equalTo("2025-06-10"));
  }

  @Test
  public void transactionIdDefaultsToFileAndLine() {
    assertThat(
        accepted(Sales.line().setTransactionId(null).setSource("s3://b/in/x.csv").setLine(7).build())
            .getTransactionId(),
        equalTo("x.csv:7"));
  }

  @Test
  public void splitsIntoValidAndDeadLetters() {
    WithFailures.Result<PCollection<SalesTransaction>, DeadLetter> r =
        p.apply(
                Create.of(
                    Sales.line().build(),
                    Sales.line().setTransactionId("T2").setQuantity("-1").setLine(3).build()))
            .apply(new ValidateSalesLine());
    PAssert.that(
            r.output().apply("DescribeValid", MapElements.into(TypeDescriptors.strings()).via(t -> t.getTransactionId() + " " + t.getTotalCost())))
        .containsInAnyOrder("T1 20.00");
    PAssert.that(
            r.failures().apply("DescribeFailures", MapElements.into(TypeDescriptors.strings()).via(d -> d.getLine() + " " + d.getErrorType())))
        .containsInAnyOrder("3 invalid_value");
    // Not the schema coder: every valid sale is encoded and decoded again on Spark.
    assertThat(r.output().getCoder(), instanceOf(SalesTransactionCoder.class));
    p.run();
  }

  @Test
  public void keysLongerThanTheirLimitAreInvalid() {
    String key64 = "k".repeat(64);
    String name255 = "n".repeat(255);
    SalesTransaction longest =
        accepted(Sales.line().setTransactionId(name255).setCustomerId(key64).setStoreId(key64)
            .setProductId(key64).setSalesPersonId(key64).build());
    assertThat(longest.getStoreId(), equalTo(key64));
    assertThat(
        accepted(Sales.line().setProductById(false).setProductId(null).setProductName(name255).build())
            .getProductKey(),
        equalTo(name255));

    String[][] cases = {
      {"transaction_id", "t".repeat(256)},
      {"customer_id", "c".repeat(65)},
      {"store_id", "s".repeat(100_000)},
      {"product_id", "p".repeat(65)},
      {"product_name", "n".repeat(256)},
      {"sales_person_id", "\uD83D\uDE00".repeat(33)}, // 33 emoji are 66 UTF-16 code units
    };
    for (String[] c : cases) {
      SalesLine.Builder b = Sales.line();
      switch (c[0]) {
        case "transaction_id": b.setTransactionId(c[1]); break;
        case "customer_id": b.setCustomerId(c[1]); break;
        case "store_id": b.setStoreId(c[1]); break;
        case "product_id": b.setProductId(c[1]); break;
        case "product_name": b.setProductById(false).setProductId(null).setProductName(c[1]); break;
        default: b.setSalesPersonId(c[1]);
      }
      DeadLetter d = rejected(b.build());
      assertThat(c[0], d.getErrorType(), equalTo("invalid_value"));
      assertThat(c[0], d.getErrorField(), equalTo(c[0]));
      assertThat(d.getMessage(), containsString(c[0] + " is longer than"));
      assertThat(d.getMessage().length(), org.hamcrest.Matchers.lessThan(200));
    }
  }

  @Test
  public void datesOutsideTheAcceptedRangeAreInvalid() {
    assertThat(accepted(Sales.line().setSalesDate("1900-01-01").build()).getSalesDate(), equalTo("1900-01-01"));
    assertThat(accepted(Sales.line().setSalesDate("9999-12-31T23:59:59Z").build()).getSalesDate(), equalTo("9999-12-31"));
    for (String date :
        new String[] {
          "0000-01-01", "1899-12-31", "1899-12-31T23:59:59Z", "+10000-01-01T00:00:00Z",
          "9999-12-31T23:00:00-05:00", "-0001-06-10T00:00:00Z"
        }) {
      DeadLetter d = rejected(Sales.line().setSalesDate(date).build());
      assertThat(date, d.getErrorType(), equalTo("invalid_value"));
      assertThat(date, d.getErrorField(), equalTo("sales_date"));
      assertThat(date, d.getMessage(), containsString("1900-01-01 to 9999-12-31"));
    }
  }

  @Test
  public void numbersLongerThanTheLimitAreInvalidWithoutBeingParsed() {
    String digits = "9".repeat(1_000_000);
    for (String text : new String[] {digits, "1E+999999999", "0." + "0".repeat(100) + "1"}) {
      DeadLetter d = rejected(Sales.line().setPrice(text).build());
      assertThat(d.getErrorType(), equalTo("invalid_value"));
      assertThat(d.getErrorField(), equalTo("price"));
    }
    assertThat(rejected(Sales.line().setQuantity(digits).build()).getErrorField(), equalTo("quantity"));
  }
}
