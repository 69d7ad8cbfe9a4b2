package io.salespipelines.transforms.orders;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.Order;
import io.salespipelines.schemas.ParsedOrder;
import io.salespipelines.transforms.testing.Orders;
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

/** SPEC 2.1's rules, one order at a time; the JSON goes through the real parser first. */
@RunWith(JUnit4.class)
public class ValidateOrderTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final String ITEM = "{\"product_id\":\"P-1\",\"category\":\"books\",\"quantity\":3,\"unit_price\":\"19.99\"}";

  /** The SPEC's example order with some of its JSON text replaced. */
  private static String order(String... replacements) {
    String json = ParseOrderFileTest.SPEC_ORDER;
    for (int i = 0; i < replacements.length; i += 2) {
      if (!json.contains(replacements[i])) {
        throw new IllegalArgumentException("not in the order: " + replacements[i]);
      }
      json = json.replace(replacements[i], replacements[i + 1]);
    }
    return json;
  }

  private static Object validate(String json) {
    Object parsed = OrderJson.parseLine("/in/orders.json", 7, 0, json);
    assertThat("parses: " + json, parsed, instanceOf(ParsedOrder.class));
    return ValidateOrder.validate((ParsedOrder) parsed);
  }

  private static Order valid(String json) {
    Object result = validate(json);
    if (!(result instanceof Order)) {
      throw new AssertionError("rejected: " + json + " -> " + result);
    }
    return (Order) result;
  }

  /** "error_type|error_field". */
  private static String rejection(String json) {
    Object result = validate(json);
    if (!(result instanceof DeadLetter)) {
      throw new AssertionError("accepted: " + json);
    }
    DeadLetter d = (DeadLetter) result;
    assertThat(d.getLine(), equalTo(7L));
    assertThat(d.getRaw(), equalTo(json));
    return d.getErrorType() + "|" + d.getErrorField();
  }

  @Test
  public void theSpecExampleIsTypedAndNormalised() {
    Order o = valid(order());
    assertThat(o.getOrderId(), equalTo("O-1"));
    assertThat(o.getOrderTs(), equalTo(Orders.micros("2025-01-03T10:15:00Z")));
    assertThat(o.getCustomerId() + "|" + o.getCountry() + "|" + o.getSignupDate(), equalTo("C-9|DE|2024-12-30"));
    assertThat(o.getPaymentMethod() + "|" + o.getPaymentStatus() + "|" + o.getPaymentAmount(), equalTo("card|paid|59.97"));
    assertThat(o.getItems().toString(),
        equalTo("[OrderItem{productId=P-1, category=books, quantity=3, unitPrice=19.99}]"));
    assertThat(o.getAdditionalFields(), equalTo("{}"));
    assertThat(o.month(), equalTo("2025-01"));
  }

  @Test
  public void normalisesCountryStatusCategoryAndOptionalValues() {
    Order o =
        valid(order("\"DE\"", "\" de \"", "\"paid\"", "\" PAID \"", "\"category\":\"books\",", "",
            ",\"signup_date\":\"2024-12-30\"", "", "\"method\":\"card\"", "\"method\":\"\""));
    assertThat(o.getCountry() + "|" + o.getPaymentStatus() + "|" + o.getItems().get(0).getCategory(),
        equalTo("DE|paid|uncategorized"));
    assertThat(o.getSignupDate() + "|" + o.getPaymentMethod(), equalTo("null|null"));
    assertThat(valid(order("\"country\":\"DE\"", "\"country\":\"\"")).getCountry(), equalTo("UNKNOWN"));
    assertThat(valid(order(",\"country\":\"DE\"", "")).getCountry(), equalTo("UNKNOWN"));
    assertThat(valid(order("\"category\":\"books\"", "\"category\":null")).getItems().get(0).getCategory(),
        equalTo("uncategorized"));
  }

  @Test
  public void numbersStandForTheirText() {
    Order o = valid(order("\"O-1\"", "9000123", "\"C-9\"", "42", "\"19.99\"", "19.99", "\"59.97\"", "59.97"));
    assertThat(o.getOrderId() + "|" + o.getCustomerId() + "|" + o.getItems().get(0).getUnitPrice(),
        equalTo("9000123|42|19.99"));
    assertThat(valid(order("\"quantity\":3", "\"quantity\":\"3\"")).getItems().get(0).getQuantity(), equalTo(3));
    assertThat(rejection(order("\"quantity\":3", "\"quantity\":2.0")), equalTo("invalid_value|items[1].quantity"));
    assertThat(rejection(order("\"quantity\":3", "\"quantity\":\"2.0\"")), equalTo("invalid_value|items[1].quantity"));
    assertThat(rejection(order("\"quantity\":3", "\"quantity\":0")), equalTo("invalid_value|items[1].quantity"));
    assertThat(rejection(order("\"quantity\":3", "\"quantity\":-1")), equalTo("invalid_value|items[1].quantity"));
  }

  /** A number past double's range reads as Infinity: as an id, 1e400 and 2e400 were one id. */
  @Test
  public void anIdPastTheRangeOfNumbersIsNotAValue() {
    assertThat(rejection(order("\"O-1\"", "1e400")), equalTo("invalid_value|order_id"));
    assertThat(rejection(order("\"C-9\"", "-2e400")), equalTo("invalid_value|customer.customer_id"));
    assertThat(valid(order("\"O-1\"", "1e300")).getOrderId(), equalTo("1" + "0".repeat(300)));
  }

  @Test
  public void pricesAndAmountsAreRoundedHalfUpToCents() {
    Order o = valid(order("\"19.99\"", "\"0.125\"", "\"59.97\"", "10.005"));
    assertThat(o.getItems().get(0).getUnitPrice().toPlainString() + "|" + o.getPaymentAmount().toPlainString(),
        equalTo("0.13|10.01"));
    assertThat(valid(order("\"19.99\"", "\"0\"")).getItems().get(0).getUnitPrice().toPlainString(), equalTo("0.00"));
    assertThat(rejection(order("\"19.99\"", "\"-0.01\"")), equalTo("invalid_value|items[1].unit_price"));
    assertThat(rejection(order("\"19.99\"", "\"12,50\"")), equalTo("invalid_value|items[1].unit_price"));
    assertThat(rejection(order("\"59.97\"", "\"lots\"")), equalTo("invalid_value|payment.amount"));
  }

  @Test
  public void orderTsTakesDatesAndDateTimesInUtc() {
    String[][] cases = {
      {"2025-01-03", "2025-01-03T00:00:00Z"},
      {"2025-01-03T10:15", "2025-01-03T10:15:00Z"},
      {"2025-01-03T10:15:30.1234567", "2025-01-03T10:15:30.123456Z"},
      {"2025-01-31T23:30:00-02:00", "2025-02-01T01:30:00Z"},
      {"2025-02-01T00:30:00+01:00", "2025-01-31T23:30:00Z"},
    };
    for (String[] c : cases) {
      Order o = valid(order("2025-01-03T10:15:00Z", c[0]));
      assertThat(c[0], o.getOrderTs(), equalTo(Orders.micros(c[1])));
    }
    assertThat(valid(order("2025-01-03T10:15:00Z", "2025-01-31T23:30:00-02:00")).month(), equalTo("2025-02"));
    for (String bad : new String[] {"2025-02-30", "03/01/2025", "2025-01-03 10:15:00", "+12025-01-03T00:00:00Z"}) {
      assertThat(bad, rejection(order("2025-01-03T10:15:00Z", bad)), equalTo("invalid_value|order_ts"));
    }
  }

  @Test
  public void everyMissingCheckComesBeforeAnyInvalidOne() {
    // A bad date and a missing item value: missing wins, though order_ts comes first.
    assertThat(rejection(order("2025-01-03T10:15:00Z", "soon", "\"unit_price\":\"19.99\"", "\"unit_price\":null")),
        equalTo("missing_value|items[1].unit_price"));
    assertThat(rejection(order("\"O-1\"", "\" \"", "\"paid\"", "null")), equalTo("missing_value|order_id"));
    assertThat(rejection(order(",\"order_ts\":\"2025-01-03T10:15:00Z\"", "")), equalTo("missing_value|order_ts"));
    assertThat(rejection(order("\"customer_id\":\"C-9\",", "")), equalTo("missing_value|customer.customer_id"));
    assertThat(rejection(order("\"status\":\"paid\",", "")), equalTo("missing_value|payment.status"));
    assertThat(rejection(order("\"items\":[" + ITEM + "]", "\"items\":null")), equalTo("missing_value|items"));
    // "" or blank is missing for items too, though a string is not an array (SPEC 2.1).
    assertThat(rejection(order("\"items\":[" + ITEM + "]", "\"items\":\"\"")), equalTo("missing_value|items"));
    assertThat(rejection(order("\"items\":[" + ITEM + "]", "\"items\":\" \"")), equalTo("missing_value|items"));
    assertThat(rejection(order("\"items\":[" + ITEM + "]", "\"items\":\"P-1\"")), equalTo("invalid_value|items"));
    assertThat(rejection(order("\"product_id\":\"P-1\",", "")), equalTo("missing_value|items[1].product_id"));
    // A customer that is not an object has no customer_id.
    assertThat(rejection(order("{\"customer_id\":\"C-9\",\"country\":\"DE\",\"signup_date\":\"2024-12-30\"}", "\"C-9\"")),
        equalTo("missing_value|customer.customer_id"));
    // The first bad item of several decides; an item that is not an object lacks its values.
    assertThat(rejection(order("\"items\":[" + ITEM + "]", "\"items\":[" + ITEM + ",\"P-2\"]")),
        equalTo("missing_value|items[2].product_id"));
  }

  @Test
  public void invalidValuesInFieldOrder() {
    assertThat(rejection(order("\"2024-12-30\"", "\"30.12.2024\"", "\"59.97\"", "\"x\"")),
        equalTo("invalid_value|customer.signup_date"));
    assertThat(rejection(order("\"items\":[" + ITEM + "]", "\"items\":[]")), equalTo("invalid_value|items"));
    assertThat(rejection(order("\"items\":[" + ITEM + "]", "\"items\":" + ITEM)), equalTo("invalid_value|items"));
    assertThat(rejection(order("\"O-1\"", "[\"O-1\"]")), equalTo("invalid_value|order_id"));
    assertThat(rejection(order("\"DE\"", "{\"code\":\"DE\"}")), equalTo("invalid_value|customer.country"));
    // "all" would be counted into monthly_active_customers' all-countries row, losing its own.
    assertThat(rejection(order("\"DE\"", "\" all \"")), equalTo("invalid_value|customer.country"));
    assertThat(
        rejection(order("\"items\":[" + ITEM + "]", "\"items\":[" + ITEM + "," + ITEM.replace("3", "\"three\"") + "]")),
        equalTo("invalid_value|items[2].quantity"));
    assertThat(rejection(order("\"19.99\"", "\"99999999999999999\"")), equalTo("invalid_value|items[1].unit_price"));
    // Each price fits, the total does not.
    assertThat(rejection(order("\"quantity\":3", "\"quantity\":2000000000", "\"19.99\"", "\"9999999999.99\"")),
        equalTo("invalid_value|items"));
  }

  @Test
  public void unknownTopLevelFieldsAreKept() {
    assertThat(valid(order("{\"order_id\"", "{\"channel\":\"web\",\"coupon\":null,\"order_id\"")).getAdditionalFields(),
        equalTo("{\"channel\":\"web\",\"coupon\":null}"));
  }

  @Test
  public void onePipelineSplitsValidAndRejected() {
    ParsedOrder good = (ParsedOrder) OrderJson.parseLine("/in/a.json", 1, 0, order());
    ParsedOrder bad = (ParsedOrder) OrderJson.parseLine("/in/a.json", 2, 1, order("\"paid\"", "\"\""));
    WithFailures.Result<PCollection<Order>, DeadLetter> r =
        p.apply(Create.of(good, bad)).apply(new ValidateOrder());
    PAssert.that(r.output().apply("Ids", MapElements.into(TypeDescriptors.strings()).via(Order::getOrderId)))
        .containsInAnyOrder("O-1");
    PAssert.that(
            r.failures()
                .apply("Why", MapElements.into(TypeDescriptors.strings())
                    .via(d -> d.getLine() + "|" + d.getErrorType() + "|" + d.getMessage())))
        .containsInAnyOrder("2|missing_value|payment.status is empty");
    p.run();
  }
}
