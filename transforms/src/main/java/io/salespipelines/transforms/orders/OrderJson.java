package io.salespipelines.transforms.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.ErrorType;
import io.salespipelines.schemas.ParsedOrder;
import io.salespipelines.schemas.ParsedOrderItem;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One order's JSON object into a {@link ParsedOrder}: the contract's paths picked out as text,
 * values of the wrong JSON kind noted, unknown top-level fields kept as sorted JSON.
 */
final class OrderJson {
  /**
   * Exact decimals ({@code 19.990} stays as written, {@code 2.0} is not {@code 2}); a duplicate key
   * replaces the earlier value (the last wins, SPEC 2.1), so no strict duplicate detection.
   */
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  /** Reads one element of an array from a parser that stands on it; more elements follow. */
  static final ObjectReader ELEMENT_READER =
      MAPPER.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  static final String ORDER_ID = "order_id";
  static final String ORDER_TS = "order_ts";
  static final String CUSTOMER = "customer";
  static final String PAYMENT = "payment";
  static final String ITEMS = "items";

  private OrderJson() {}

  /** One line of a JSON-lines file: a {@link ParsedOrder} or a {@code malformed} {@link DeadLetter}. */
  static Object parseLine(String source, long line, long ordinal, String text) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return DeadLetter.of(
          source, line, ErrorType.MALFORMED, null, "not valid JSON: " + e.getOriginalMessage(), text);
    } catch (NumberFormatException | ArithmeticException e) {
      // Valid JSON syntax, but a number BigDecimal cannot hold (1e-5000000000): this line only.
      return DeadLetter.of(
          source, line, ErrorType.MALFORMED, null,
          "not valid JSON: a number that cannot be read (" + e.getMessage() + ")", text);
    }
    return fromNode(source, line, ordinal, text, node);
  }

  /** A parsed JSON value: a {@link ParsedOrder} if it is an object, else a {@code malformed} letter. */
  static Object fromNode(String source, long line, long ordinal, String raw, JsonNode node) {
    if (node == null || !node.isObject()) {
      return DeadLetter.of(source, line, ErrorType.MALFORMED, null, "not a JSON object", raw);
    }
    List<String> wrongShape = new ArrayList<>(0);
    ParsedOrder.Builder order =
        ParsedOrder.builder().setSource(source).setLine(line).setOrdinal(ordinal).setRaw(raw);
    Map<String, JsonNode> extras = new TreeMap<>();
    // Fields in the order the contract checks them, so wrong_shape lists them in that order too.
    order.setOrderId(text(node.get(ORDER_ID), ORDER_ID, wrongShape));
    order.setOrderTs(text(node.get(ORDER_TS), ORDER_TS, wrongShape));
    JsonNode customer = object(node.get(CUSTOMER), CUSTOMER, wrongShape);
    order.setCustomerId(text(customer.get("customer_id"), "customer.customer_id", wrongShape));
    order.setCountry(text(customer.get("country"), "customer.country", wrongShape));
    order.setSignupDate(text(customer.get("signup_date"), "customer.signup_date", wrongShape));
    JsonNode payment = object(node.get(PAYMENT), PAYMENT, wrongShape);
    order.setPaymentMethod(text(payment.get("method"), "payment.method", wrongShape));
    order.setPaymentStatus(text(payment.get("status"), "payment.status", wrongShape));
    order.setPaymentAmount(text(payment.get("amount"), "payment.amount", wrongShape));
    order.setItems(items(node.get(ITEMS), wrongShape));
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      switch (field.getKey()) {
        case ORDER_ID, ORDER_TS, CUSTOMER, PAYMENT, ITEMS -> {}
        default -> extras.put(field.getKey(), field.getValue());
      }
    }
    return order.setWrongShape(List.copyOf(wrongShape)).setAdditionalFields(sortedJson(extras)).build();
  }

  private static List<ParsedOrderItem> items(JsonNode items, List<String> wrongShape) {
    // An empty or blank string is as missing as null (SPEC 2.1), not a value of the wrong kind.
    if (items == null || items.isNull() || (items.isTextual() && items.textValue().isBlank())) {
      return null;
    }
    if (!items.isArray()) {
      wrongShape.add(ITEMS);
      return null;
    }
    List<ParsedOrderItem> parsed = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String path = ITEMS + "[" + (i + 1) + "]";
      JsonNode item = object(items.get(i), path, wrongShape);
      parsed.add(
          ParsedOrderItem.create(
              text(item.get("product_id"), path + ".product_id", wrongShape),
              text(item.get("category"), path + ".category", wrongShape),
              text(item.get("quantity"), path + ".quantity", wrongShape),
              text(item.get("unit_price"), path + ".unit_price", wrongShape)));
    }
    return parsed;
  }

  /** The object at a path; anything else (absent, null, a value) has no fields. */
  private static JsonNode object(JsonNode value, String path, List<String> wrongShape) {
    if (value != null && value.isObject()) {
      return value;
    }
    if (value != null && !value.isNull()) {
      wrongShape.add(path);
    }
    return MAPPER.createObjectNode();
  }

  /** A scalar's text (a number exactly as a plain decimal); null for absent or null. */
  private static String text(JsonNode value, String path, List<String> wrongShape) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isContainerNode()) {
      wrongShape.add(path);
      return value.toString();
    }
    if (value.isBigDecimal()) {
      return value.decimalValue().toPlainString();
    }
    if (value.isDouble() && !Double.isFinite(value.doubleValue())) {
      // Jackson reads a number past double's range (1e400) as Infinity even with BigDecimal floats:
      // as text, order ids 1e400 and 2e400 were one id, 'Infinity', and the second a duplicate.
      wrongShape.add(path);
    }
    return value.asText();
  }

  /** A JSON object of the fields, keys sorted at every level, so equal input gives equal text. */
  static String sortedJson(Map<String, JsonNode> fields) {
    ObjectNode out = MAPPER.createObjectNode();
    fields.forEach((k, v) -> out.set(k, sorted(v)));
    return out.toString();
  }

  private static JsonNode sorted(JsonNode value) {
    if (value.isObject()) {
      Map<String, JsonNode> keys = new TreeMap<>();
      value.fields().forEachRemaining(e -> keys.put(e.getKey(), sorted(e.getValue())));
      ObjectNode out = MAPPER.createObjectNode();
      keys.forEach(out::set);
      return out;
    }
    if (value.isArray()) {
      var out = MAPPER.createArrayNode();
      value.forEach(v -> out.add(sorted(v)));
      return out;
    }
    return value;
  }
}
