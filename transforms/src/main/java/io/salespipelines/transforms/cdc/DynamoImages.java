package io.salespipelines.transforms.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * DynamoDB's typed attribute values ({@code {"S": "x"}}, {@code {"N": "1.5"}}, BOOL, NULL, M, L, SS,
 * NS, B, BS) as plain JSON. A value that is not in typed form is kept as it is, so a producer that
 * already wrote plain JSON is read too.
 */
final class DynamoImages {
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
  /** The largest scale (digits after the point, or zeros before it when negative) a number may have. */
  static final int MAX_SCALE = 1000;

  private DynamoImages() {}

  /** Thrown when an {@code N} value is not a decimal number. */
  static final class BadNumberException extends RuntimeException {
    BadNumberException(String text) {
      super(text);
    }
  }

  static JsonNode unwrap(JsonNode typed) {
    if (typed == null || !typed.isObject() || typed.size() != 1) {
      return typed == null ? NODES.nullNode() : typed;
    }
    Map.Entry<String, JsonNode> only = typed.fields().next();
    JsonNode v = only.getValue();
    switch (only.getKey()) {
      case "S":
      case "B":
        return v.isTextual() ? v : NODES.textNode(v.asText());
      case "N":
        return numberOrText(v);
      case "BOOL":
        return v.isBoolean() ? v : NODES.booleanNode(Boolean.parseBoolean(v.asText()));
      case "NULL":
        return NODES.nullNode();
      case "M":
        return v.isObject() ? unwrapMap(v) : v;
      case "L":
        {
          ArrayNode out = NODES.arrayNode();
          v.forEach(e -> out.add(unwrap(e)));
          return out;
        }
      case "SS":
      case "BS":
        {
          ArrayNode out = NODES.arrayNode();
          v.forEach(e -> out.add(e.asText()));
          return out;
        }
      case "NS":
        {
          ArrayNode out = NODES.arrayNode();
          v.forEach(e -> out.add(numberOrText(e)));
          return out;
        }
      default:
        // A one-field object that is no DynamoDB type: a plain nested object.
        return unwrapMap(typed);
    }
  }

  /** An image (attribute name to typed value) as a plain object with sorted keys. */
  static ObjectNode unwrapMap(JsonNode image) {
    TreeMap<String, JsonNode> sorted = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = image.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      sorted.put(e.getKey(), unwrap(e.getValue()));
    }
    ObjectNode out = NODES.objectNode();
    sorted.forEach(out::set);
    return out;
  }

  /** An attribute other than quantity and price whose N is no number keeps its text: it is not checked. */
  private static JsonNode numberOrText(JsonNode v) {
    try {
      return NODES.numberNode(number(v));
    } catch (BadNumberException e) {
      return NODES.textNode(v.asText());
    }
  }

  /**
   * A decimal number, its exponent within {@link #MAX_SCALE}. BigDecimal cannot hold an exponent
   * beyond an int ({@code 1e-5000000000}), and one it holds but far out ({@code 1e-999999999})
   * takes seconds and much of the heap to round or print in plain form: neither is an amount.
   */
  static BigDecimal number(JsonNode v) {
    BigDecimal value;
    String text;
    if (v.isNumber()) {
      text = numberText(v);
      try {
        value = v.decimalValue();
      } catch (NumberFormatException e) {
        throw new BadNumberException(text);
      }
    } else {
      text = v.asText().trim();
      if (!text.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?")) {
        throw new BadNumberException(text);
      }
      try {
        value = new BigDecimal(text);
      } catch (NumberFormatException e) {
        throw new BadNumberException(text + " (its exponent is out of range)");
      }
    }
    if (Math.abs((long) value.scale()) > MAX_SCALE) {
      throw new BadNumberException(text + " (its exponent is out of range)");
    }
    return value;
  }

  /**
   * The text of a number node. A JSON number beyond a double's range ({@code 1e400}) is read as
   * an infinite double despite USE_BIG_DECIMAL_FOR_FLOATS (Jackson 2.15), which has no decimal
   * value: its text is {@code Infinity}, which no check takes for a number.
   */
  static String numberText(JsonNode v) {
    if ((v.isDouble() || v.isFloat()) && !Double.isFinite(v.doubleValue())) {
      return v.asText();
    }
    return plain(v.decimalValue());
  }

  /** Plain text of a number, or its scientific form when the plain one would be absurdly long. */
  static String plain(BigDecimal value) {
    return Math.abs((long) value.scale()) > MAX_SCALE ? value.toString() : value.toPlainString();
  }
}
