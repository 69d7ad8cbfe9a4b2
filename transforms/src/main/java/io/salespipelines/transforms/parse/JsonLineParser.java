package io.salespipelines.transforms.parse;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.ErrorType;
import io.salespipelines.schemas.SalesLine;
import io.salespipelines.schemas.ValueLimits;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns one line of a JSON-lines landing file into a {@link SalesLine} or a dead letter. */
final class JsonLineParser {
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          // Keeps "19.990" as written; amounts are rounded by the validation, not by the reader.
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  private JsonLineParser() {}

  /** Returns a SalesLine or a DeadLetter. */
  static Object parse(String source, long line, String text) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return DeadLetter.of(
          source, line, ErrorType.MALFORMED, null, "not valid JSON: " + jsonError(e), text);
    }
    if (node == null || !node.isObject()) {
      return DeadLetter.of(source, line, ErrorType.MALFORMED, null, "not a JSON object", text);
    }
    // "\uD800" without its pair is valid JSON but no character: stored, it would become '?'.
    if (text.indexOf('\\') >= 0 && hasLoneSurrogate(node)) {
      return DeadLetter.of(
          source, line, ErrorType.INVALID_ENCODING, null,
          "a \\u escape of half a surrogate pair, which is not a character", text);
    }
    Map<SalesColumn, String> values = new EnumMap<>(SalesColumn.class);
    Map<SalesColumn, String> aliased = new EnumMap<>(SalesColumn.class);
    Map<String, JsonNode> extras = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      SalesColumn column = SalesColumn.forName(field.getKey());
      SalesColumn alias = column == null ? SalesColumn.forAlias(field.getKey()) : null;
      if (column != null && !values.containsKey(column)) {
        values.put(column, text(field.getValue()));
      } else if (alias != null && !aliased.containsKey(alias)) {
        aliased.put(alias, text(field.getValue()));
      } else {
        extras.put(field.getKey(), field.getValue());
      }
    }
    for (Map.Entry<SalesColumn, String> a : aliased.entrySet()) {
      values.putIfAbsent(a.getKey(), a.getValue());
    }
    List<String> missing = SalesHeader.missingColumns(values.keySet());
    if (!missing.isEmpty()) {
      return DeadLetter.of(
          source,
          line,
          ErrorType.BAD_SCHEMA,
          missing.get(0),
          "missing column(s): " + String.join(", ", missing),
          text);
    }
    ObjectNode additional = MAPPER.createObjectNode();
    extras.forEach(additional::set);
    return SalesLines.from(source, line, text, values, additional.toString());
  }

  private static boolean hasLoneSurrogate(JsonNode node) {
    if (node.isTextual()) {
      String t = node.textValue();
      for (int i = 0; i < t.length(); i++) {
        char c = t.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < t.length() && Character.isLowSurrogate(t.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          return true;
        }
      }
      return false;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (hasLoneSurrogate(TEXT_NODES.textNode(field.getKey())) || hasLoneSurrogate(field.getValue())) {
        return true;
      }
    }
    if (node.isArray()) {
      for (JsonNode element : node) {
        if (hasLoneSurrogate(element)) {
          return true;
        }
      }
    }
    return false;
  }

  private static final JsonNodeFactory TEXT_NODES = JsonNodeFactory.instance;

  /** A scalar's text (numbers exactly as decimals), a nested value as JSON text, null for null. */
  private static String text(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isBigDecimal()) {
      BigDecimal number = value.decimalValue();
      // As plain text 1E-999999999 is a billion characters; such a number is no amount anyway, and
      // in its short form it fails the decimal check.
      return Math.abs((long) number.scale()) > ValueLimits.MAX_NUMBER_CHARS
          ? number.toString()
          : number.toPlainString();
    }
    if (value.isValueNode()) {
      return value.asText();
    }
    return value.toString();
  }

  private static String jsonError(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    if (e instanceof JsonParseException || message != null) {
      return message;
    }
    return e.getClass().getSimpleName();
  }
}
