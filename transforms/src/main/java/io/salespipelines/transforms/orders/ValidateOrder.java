package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.ErrorType;
import io.salespipelines.schemas.MonthlyActiveCustomers;
import io.salespipelines.schemas.Order;
import io.salespipelines.schemas.OrderItem;
import io.salespipelines.schemas.ParsedOrder;
import io.salespipelines.schemas.ParsedOrderItem;
import io.salespipelines.transforms.validate.SalesValues;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Types a {@link ParsedOrder} into an {@link Order} (SPEC 2.1), one dead letter per rejected order:
 * first every {@code missing_value} check (a required value absent, null or blank), then every
 * {@code invalid_value} check (a value of the wrong JSON kind, an unparsable date or number, a
 * quantity that is not a positive whole number, a negative price, an empty {@code items}), each
 * in field order, items in turn; the first failure wins. An order with one bad item is rejected
 * whole.
 */
public class ValidateOrder
    extends PTransform<PCollection<ParsedOrder>, WithFailures.Result<PCollection<Order>, DeadLetter>> {
  static final TupleTag<Order> VALID = new TupleTag<Order>() {};
  static final TupleTag<DeadLetter> FAILURES = new TupleTag<DeadLetter>() {};

  static final String UNKNOWN_COUNTRY = "UNKNOWN";
  static final String UNCATEGORIZED = "uncategorized";

  @Override
  public WithFailures.Result<PCollection<Order>, DeadLetter> expand(PCollection<ParsedOrder> orders) {
    PCollectionTuple result =
        orders.apply(
            "CheckValues", ParDo.of(new ValidateFn()).withOutputTags(VALID, TupleTagList.of(FAILURES)));
    return WithFailures.Result.of(result, VALID, FAILURES);
  }

  static class ValidateFn extends DoFn<ParsedOrder, Order> {
    @ProcessElement
    public void process(@Element ParsedOrder order, MultiOutputReceiver out) {
      Object checked = validate(order);
      if (checked instanceof Order valid) {
        out.get(VALID).output(valid);
      } else {
        out.get(FAILURES).output((DeadLetter) checked);
      }
    }
  }

  /** Returns the typed order, or the dead letter of the first failing check. */
  static Object validate(ParsedOrder o) {
    DeadLetter missing = firstMissing(o);
    return missing != null ? missing : typed(o);
  }

  private static DeadLetter firstMissing(ParsedOrder o) {
    String[][] required = {
      {"order_id", o.getOrderId()},
      {"order_ts", o.getOrderTs()},
      {"customer.customer_id", o.getCustomerId()},
      {"payment.status", o.getPaymentStatus()},
    };
    for (String[] field : required) {
      if (isBlank(field[1])) {
        return missing(o, field[0], field[1]);
      }
    }
    if (o.getItems() == null && !o.getWrongShape().contains(OrderJson.ITEMS)) {
      return fail(o, ErrorType.MISSING_VALUE, "items", "items is missing, null or empty");
    }
    List<ParsedOrderItem> items = o.getItems() == null ? List.of() : o.getItems();
    for (int i = 0; i < items.size(); i++) {
      ParsedOrderItem item = items.get(i);
      String path = "items[" + (i + 1) + "]";
      String[][] itemRequired = {
        {path + ".product_id", item.getProductId()},
        {path + ".quantity", item.getQuantity()},
        {path + ".unit_price", item.getUnitPrice()},
      };
      for (String[] field : itemRequired) {
        if (isBlank(field[1])) {
          return missing(o, field[0], field[1]);
        }
      }
    }
    return null;
  }

  private static Object typed(ParsedOrder o) {
    for (String path : new String[] {"order_id", "order_ts"}) {
      if (wrongShape(o, path)) {
        return notAValue(o, path);
      }
    }
    Long orderTs = OrderValues.epochMicros(o.getOrderTs());
    if (orderTs == null) {
      return fail(o, ErrorType.INVALID_VALUE, "order_ts",
          "order_ts is not an ISO-8601 date or date-time (years 0001-9999): " + clip(o.getOrderTs()));
    }
    for (String path : new String[] {"customer.customer_id", "customer.country"}) {
      if (wrongShape(o, path)) {
        return notAValue(o, path);
      }
    }
    if (!isBlank(o.getCountry())
        && o.getCountry().trim().toUpperCase(Locale.ROOT).equals(MonthlyActiveCustomers.ALL_COUNTRIES)) {
      // Upper-cased, it would be counted into the all-countries row and lose a row of its own.
      return fail(o, ErrorType.INVALID_VALUE, "customer.country",
          "customer.country '" + clip(o.getCountry()) + "' is the name of monthly_active_customers' all-countries row");
    }
    String signupDate = null;
    if (!isBlank(o.getSignupDate())) {
      signupDate = wrongShape(o, "customer.signup_date") ? null : OrderValues.isoDate(o.getSignupDate());
      if (signupDate == null) {
        return fail(o, ErrorType.INVALID_VALUE, "customer.signup_date",
            "customer.signup_date is not a date (yyyy-MM-dd): " + clip(o.getSignupDate()));
      }
    }
    for (String path : new String[] {"payment.method", "payment.status"}) {
      if (wrongShape(o, path)) {
        return notAValue(o, path);
      }
    }
    BigDecimal amount = null;
    if (!isBlank(o.getPaymentAmount())) {
      amount = wrongShape(o, "payment.amount") ? null : SalesValues.money(o.getPaymentAmount());
      if (amount == null) {
        return fail(o, ErrorType.INVALID_VALUE, "payment.amount",
            "payment.amount is not a decimal number (at most DECIMAL(18,2)): " + clip(o.getPaymentAmount()));
      }
    }
    if (o.getItems() == null) {
      return fail(o, ErrorType.INVALID_VALUE, "items", "items is not an array");
    }
    if (o.getItems().isEmpty()) {
      return fail(o, ErrorType.INVALID_VALUE, "items", "items is empty: an order needs at least one item");
    }
    List<OrderItem> items = new ArrayList<>(o.getItems().size());
    BigDecimal orderTotal = BigDecimal.ZERO;
    for (int i = 0; i < o.getItems().size(); i++) {
      Object item = typedItem(o, i);
      if (item instanceof DeadLetter) {
        return item;
      }
      OrderItem typed = (OrderItem) item;
      items.add(typed);
      orderTotal = orderTotal.add(typed.getUnitPrice().multiply(BigDecimal.valueOf(typed.getQuantity())));
    }
    if (!OrderValues.fitsMoney(orderTotal)) {
      return fail(o, ErrorType.INVALID_VALUE, "items",
          "the order total " + orderTotal.toPlainString() + " does not fit DECIMAL(18,2)");
    }
    return Order.builder()
        .setOrderId(o.getOrderId())
        .setOrderTs(orderTs)
        .setCustomerId(o.getCustomerId())
        .setCountry(isBlank(o.getCountry()) ? UNKNOWN_COUNTRY : o.getCountry().trim().toUpperCase(Locale.ROOT))
        .setSignupDate(signupDate)
        .setPaymentMethod(isBlank(o.getPaymentMethod()) ? null : o.getPaymentMethod())
        .setPaymentStatus(o.getPaymentStatus().trim().toLowerCase(Locale.ROOT))
        .setPaymentAmount(amount)
        .setItems(items)
        .setAdditionalFields(o.getAdditionalFields())
        .setSource(o.getSource())
        .setLine(o.getLine())
        .setOrdinal(o.getOrdinal())
        .setRaw(o.getRaw())
        .build();
  }

  private static Object typedItem(ParsedOrder o, int index) {
    ParsedOrderItem item = o.getItems().get(index);
    String path = "items[" + (index + 1) + "]";
    for (String field : new String[] {".product_id", ".category"}) {
      if (wrongShape(o, path + field)) {
        return notAValue(o, path + field);
      }
    }
    Integer quantity = wrongShape(o, path + ".quantity") ? null : SalesValues.quantity(item.getQuantity());
    if (quantity == null || quantity <= 0) {
      return fail(o, ErrorType.INVALID_VALUE, path + ".quantity",
          path + ".quantity is not a positive whole number: " + clip(item.getQuantity()));
    }
    BigDecimal unitPrice = wrongShape(o, path + ".unit_price") ? null : SalesValues.money(item.getUnitPrice());
    if (unitPrice == null) {
      return fail(o, ErrorType.INVALID_VALUE, path + ".unit_price",
          path + ".unit_price is not a decimal number (at most DECIMAL(18,2)): " + clip(item.getUnitPrice()));
    }
    if (unitPrice.signum() < 0) {
      return fail(o, ErrorType.INVALID_VALUE, path + ".unit_price",
          path + ".unit_price must be >= 0: " + clip(item.getUnitPrice()));
    }
    String category = isBlank(item.getCategory()) ? UNCATEGORIZED : item.getCategory();
    return OrderItem.create(item.getProductId(), category, quantity, unitPrice);
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static boolean wrongShape(ParsedOrder o, String path) {
    return o.getWrongShape().contains(path);
  }

  private static DeadLetter missing(ParsedOrder o, String path, String value) {
    String what = value == null ? absentOrNull(o, path) : "empty";
    return fail(o, ErrorType.MISSING_VALUE, path, path + " is " + what);
  }

  /** Why a path has no value: its parent is not an object, or the key is absent or null. */
  private static String absentOrNull(ParsedOrder o, String path) {
    int dot = path.lastIndexOf('.');
    if (dot > 0 && wrongShape(o, path.substring(0, dot))) {
      return "missing (" + path.substring(0, dot) + " is not an object)";
    }
    return "missing or null";
  }

  private static DeadLetter notAValue(ParsedOrder o, String path) {
    return fail(o, ErrorType.INVALID_VALUE, path,
        path + " is a JSON object or array, or a number past the range it can be read in, not a value");
  }

  private static String clip(String value) {
    return value.length() <= 80 ? "'" + value + "'" : "'" + value.substring(0, 80) + "...'";
  }

  private static DeadLetter fail(ParsedOrder o, ErrorType type, String field, String message) {
    return DeadLetter.of(o.getSource(), o.getLine(), type, field, message, o.getRaw());
  }
}
