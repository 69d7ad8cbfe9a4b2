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

  static BigDecimal number(JsonNode v) {
    if (v.isNumber()) {
      return v.decimalValue();
    }
    String text = v.asText().trim();
    if (!text.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?")) {
      throw new BadNumberException(text);
    }
    return new BigDecimal(text);
  }
}
