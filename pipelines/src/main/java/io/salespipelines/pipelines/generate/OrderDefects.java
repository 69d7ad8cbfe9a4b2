package io.salespipelines.pipelines.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipelines.schemas.ErrorType;
import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a good order into a bad one with exactly one defect, so that its dead letter's error_type
 * (SPEC 2.1: first failure wins, missing before invalid) is known. Types are taken in turn, so
 * every type shows up as soon as there are a few bad orders.
 */
final class OrderDefects {
  /** The order-level error types, in SPEC 2.1 check order. */
  static final List<ErrorType> ORDER_LEVEL =
      List.of(ErrorType.MALFORMED, ErrorType.MISSING_VALUE, ErrorType.INVALID_VALUE, ErrorType.DUPLICATE);

  /** A bad order: a JSON value to write, or (JSON lines only) a line of text that is not JSON. */
  record Bad(ErrorType type, JsonNode json, String line) {}

  private final SplittableRandom rng;
  private final DuplicateReservoir goodIds;
  private int cursor;

  OrderDefects(SplittableRandom rng, DuplicateReservoir goodIds) {
    this.rng = rng;
    this.goodIds = goodIds;
  }

  Bad breakOrder(ObjectNode order, OrderFileLayout layout) {
    ErrorType type = nextType();
    return switch (type) {
      case MALFORMED -> malformed(order, layout);
      case MISSING_VALUE -> new Bad(type, missing(order), null);
      case INVALID_VALUE -> new Bad(type, invalid(order), null);
      case DUPLICATE -> {
        order.put("order_id", goodIds.pick(rng));
        yield new Bad(type, order, null);
      }
      default -> throw new IllegalStateException(type + " is not an order-level error");
    };
  }

  private ErrorType nextType() {
    while (true) {
      ErrorType type = ORDER_LEVEL.get(cursor);
      cursor = (cursor + 1) % ORDER_LEVEL.size();
      // A duplicate needs a good order before it.
      if (type != ErrorType.DUPLICATE || !goodIds.isEmpty()) {
        return type;
      }
    }
  }

  private Bad malformed(ObjectNode order, OrderFileLayout layout) {
    int r = rng.nextInt(3);
    if (!layout.isArray() && r == 0) {
      // Cut off mid-object: not JSON at all (only a JSON-lines file survives that).
      String text = order.toString();
      return new Bad(ErrorType.MALFORMED, null, text.substring(0, 1 + rng.nextInt(text.length() - 1)));
    }
    JsonNode notAnObject =
        r == 1 ? OrderFactory.NODES.arrayNode().add(order) : OrderFactory.NODES.textNode("order " + order.get("order_id"));
    return new Bad(ErrorType.MALFORMED, notAnObject, null);
  }

  /** One required value absent, null or blank. */
  private JsonNode missing(ObjectNode order) {
    ArrayNode items = (ArrayNode) order.get("items");
    ObjectNode item = (ObjectNode) items.get(rng.nextInt(items.size()));
    switch (rng.nextInt(8)) {
      case 0 -> blank(order, "order_id");
      case 1 -> blank(order, "order_ts");
      case 2 -> blank((ObjectNode) order.get("customer"), "customer_id");
      case 3 -> blank((ObjectNode) order.get("payment"), "status");
      case 4 -> {
        if (rng.nextBoolean()) {
          order.remove("items");
        } else {
          order.putNull("items");
        }
      }
      case 5 -> blank(item, "product_id");
      case 6 -> blank(item, "quantity");
      default -> blank(item, "unit_price");
    }
    return order;
  }

  private void blank(ObjectNode parent, String field) {
    switch (rng.nextInt(4)) {
      case 0 -> parent.remove(field);
      case 1 -> parent.putNull(field);
      case 2 -> parent.put(field, "");
      default -> parent.put(field, "  ");
    }
  }

  /** Everything present, one value that does not pass. */
  private JsonNode invalid(ObjectNode order) {
    ArrayNode items = (ArrayNode) order.get("items");
    ObjectNode item = (ObjectNode) items.get(rng.nextInt(items.size()));
    switch (rng.nextInt(12)) {
      case 0 -> order.put("order_ts", "2025-02-30T10:00:00Z");
      case 1 -> order.put("order_ts", "last tuesday");
      case 2 -> item.put("quantity", new BigDecimal("2.0"));
      case 3 -> item.put("quantity", 0);
      case 4 -> item.put("quantity", "three");
      case 5 -> item.put("unit_price", "-1.00");
      case 6 -> item.put("unit_price", "12,50");
      case 7 -> order.putArray("items");
      case 8 -> order.set("items", item);
      case 9 -> ((ObjectNode) order.get("customer")).put("signup_date", "30/12/2024");
      case 10 -> ((ObjectNode) order.get("payment")).put("amount", "n/a");
      default -> order.putObject("order_id").put("id", 1);
    }
    return order;
  }
}
