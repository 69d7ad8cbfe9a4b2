package io.salespipelines.transforms.cdc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipelines.schemas.CdcEvent;
import io.salespipelines.schemas.ErrorType;
import io.salespipelines.schemas.ValueLimits;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Set;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads one DynamoDB Streams change record (SPEC 3.1) and flattens it as the seed's Lambda does.
 * Checks, first failure wins: {@code malformed} (not a JSON object), then every {@code
 * missing_value} (eventName, eventID, SequenceNumber, ApproximateCreationDateTime, orderId), then
 * {@code invalid_value} (including an eventID or orderId longer than the database's key column,
 * {@link ValueLimits#MAX_KEY_CHARS}, and an INSERT whose quantity × price does not fit DECIMAL(18,2)).
 */
public final class ChangeRecordParser {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
  private static final ObjectMapper PLAIN = new ObjectMapper();
  private static final Set<String> EVENT_NAMES = Set.of(CdcEvent.INSERT, CdcEvent.MODIFY, CdcEvent.REMOVE);
  /** The image attributes that have their own column; every other one goes to additional_attributes. */
  private static final Set<String> FLATTENED = Set.of("orderId", "product_name", "quantity", "price");
  private static final Pattern DIGITS = Pattern.compile("\\d{1,40}");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  /** Epoch values above this are milliseconds (as Kinesis Data Streams for DynamoDB writes them). */
  static final BigDecimal MILLIS_ABOVE = new BigDecimal("100000000000");
  /** 9999-12-31T23:59:59Z. */
  private static final BigDecimal LAST_SECOND = new BigDecimal("253402300799");

  private ChangeRecordParser() {}

  public static CdcEvent parse(String text) throws ChangeRecordException {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      // Also Jackson's limits (StreamConstraintsException): numbers of 1000 digits, nesting of 1000.
      throw new ChangeRecordException(ErrorType.MALFORMED, null, "not JSON: " + e.getOriginalMessage());
    } catch (NumberFormatException e) {
      // A JSON number BigDecimal cannot hold (1e-5000000000): Jackson throws it unwrapped.
      throw new ChangeRecordException(ErrorType.MALFORMED, null, "not JSON Java can read: " + e.getMessage());
    }
    try {
      return parse(root);
    } catch (NumberFormatException e) {
      // A net: the checks turn the numbers they know of into invalid_value; any other number Java
      // cannot convert costs this record, not the run.
      throw new ChangeRecordException(ErrorType.MALFORMED, null, "holds a number Java cannot read: " + e.getMessage());
    }
  }

  public static CdcEvent parse(JsonNode root) throws ChangeRecordException {
    if (root == null || !root.isObject()) {
      throw new ChangeRecordException(ErrorType.MALFORMED, null, "a change record must be a JSON object");
    }
    String eventName = text(root.get("eventName"));
    if (eventName == null) {
      throw missing("eventName");
    }
    String eventId = text(root.get("eventID"));
    if (eventId == null) {
      throw missing("eventID");
    }
    JsonNode dynamodb = root.path("dynamodb");
    String sequence = text(dynamodb.get("SequenceNumber"));
    if (sequence == null) {
      throw missing("dynamodb.SequenceNumber");
    }
    JsonNode created = dynamodb.get("ApproximateCreationDateTime");
    if (text(created) == null) {
      throw missing("dynamodb.ApproximateCreationDateTime");
    }
    boolean remove = CdcEvent.REMOVE.equals(eventName);
    String imageName = remove ? "OldImage" : "NewImage";
    JsonNode image = dynamodb.get(imageName);
    if (image == null || !image.isObject()) {
      image = dynamodb.get("Keys");
      imageName = "Keys";
    }
    ObjectNode plain = image != null && image.isObject() ? DynamoImages.unwrapMap(image) : null;
    String orderId = plain == null ? null : text(plain.get("orderId"));
    String orderField = imageName + ".orderId";
    if (orderId == null) {
      JsonNode keys = dynamodb.get("Keys");
      orderId = keys != null && keys.isObject() ? text(DynamoImages.unwrapMap(keys).get("orderId")) : null;
      orderField = "Keys.orderId";
    }
    if (orderId == null) {
      throw missing(orderField);
    }

    if (!EVENT_NAMES.contains(eventName)) {
      throw invalid("eventName", "eventName must be INSERT, MODIFY or REMOVE: " + eventName);
    }
    // orderid and event_id are VARCHAR(64) primary keys: a longer one would fail the database write
    // of its whole batch. PostgreSQL refuses NUL in any text.
    key("eventID", eventId);
    key(orderField, orderId);
    String seq = sequence.trim();
    if (!DIGITS.matcher(seq).matches()) {
      throw invalid(
          "dynamodb.SequenceNumber", "SequenceNumber must be a decimal integer of up to 40 digits: " + seq);
    }
    long creationTime = creationSeconds(created);
    Long quantity = quantity(image, imageName);
    BigDecimal price = price(image, imageName);

    ObjectNode others = PLAIN.createObjectNode();
    if (plain != null) {
      plain.fields().forEachRemaining(e -> {
        if (!FLATTENED.contains(e.getKey())) {
          others.set(e.getKey(), e.getValue());
        }
      });
    }
    String productName = plain == null ? null : text(plain.get("product_name"));
    if (productName != null && productName.indexOf('\0') >= 0) {
      throw invalid(imageName + ".product_name", "product_name holds a NUL character");
    }
    CdcEvent event;
    try {
      event = CdcEvent.create(
          orderId, productName, quantity, price, eventName, creationTime,
          new BigInteger(seq).toString(), eventId, PLAIN.writeValueAsString(others));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    insertValueFits(event, imageName);
    return event;
  }

  /**
   * An INSERT's quantity × price goes to order_activity_events.value, a DECIMAL(18,2) column: a
   * product that does not fit would fail the database write of its whole batch (and every restart
   * would fail the same way), so such a change is rejected here, alone. Checked on {@link
   * CdcEvent#insertValue()} itself, so the check and the stored value cannot disagree.
   */
  private static void insertValueFits(CdcEvent event, String imageName) throws ChangeRecordException {
    BigDecimal value = event.insertValue();
    if (value.abs().compareTo(ValueLimits.MAX_MONEY) > 0) {
      throw invalid(
          imageName + ".price",
          "quantity × price does not fit DECIMAL(18,2) (order_activity value): "
              + event.getQuantity() + " × " + event.getPrice().toPlainString() + " = " + value.toPlainString());
    }
  }

  /** ApproximateCreationDateTime in epoch seconds: milliseconds above 10^11, truncated to the second. */
  static long creationSeconds(JsonNode created) throws ChangeRecordException {
    BigDecimal value;
    try {
      value = DynamoImages.number(created);
    } catch (DynamoImages.BadNumberException e) {
      throw invalid("dynamodb.ApproximateCreationDateTime", "ApproximateCreationDateTime is not a number: " + e.getMessage());
    }
    if (value.signum() < 0) {
      throw invalid("dynamodb.ApproximateCreationDateTime", "ApproximateCreationDateTime is negative: " + value);
    }
    BigDecimal seconds = value.compareTo(MILLIS_ABOVE) > 0 ? value.movePointLeft(3) : value;
    if (seconds.compareTo(LAST_SECOND) > 0) {
      throw invalid("dynamodb.ApproximateCreationDateTime", "ApproximateCreationDateTime is after the year 9999: " + value);
    }
    return seconds.setScale(0, RoundingMode.FLOOR).longValueExact();
  }

  private static @Nullable Long quantity(@Nullable JsonNode image, String imageName) throws ChangeRecordException {
    JsonNode typed = image == null ? null : image.get("quantity");
    String raw = rawNumber(typed);
    if (raw == null) {
      return null;
    }
    String field = imageName + ".quantity";
    if (!INTEGER.matcher(raw).matches()) {
      try {
        DynamoImages.number(PLAIN.getNodeFactory().textNode(raw));
      } catch (DynamoImages.BadNumberException e) {
        throw invalid(field, "quantity is not a decimal number: " + raw);
      }
      throw invalid(field, "quantity is not an integer: " + raw);
    }
    try {
      return new BigInteger(raw).longValueExact();
    } catch (ArithmeticException e) {
      throw invalid(field, "quantity is out of range: " + raw);
    }
  }

  private static @Nullable BigDecimal price(@Nullable JsonNode image, String imageName) throws ChangeRecordException {
    JsonNode typed = image == null ? null : image.get("price");
    String raw = rawNumber(typed);
    if (raw == null) {
      return null;
    }
    String field = imageName + ".price";
    BigDecimal price;
    try {
      price = DynamoImages.number(PLAIN.getNodeFactory().textNode(raw)).setScale(2, RoundingMode.HALF_UP);
    } catch (DynamoImages.BadNumberException e) {
      throw invalid(field, "price is not a decimal number: " + raw);
    }
    if (price.abs().compareTo(ValueLimits.MAX_MONEY) > 0) {
      throw invalid(field, "price does not fit DECIMAL(18,2): " + raw);
    }
    return price;
  }

  /** The text of a number attribute ({@code {"N": "3"}}, {@code {"S": "3"}} or a plain value); null when absent. */
  private static @Nullable String rawNumber(@Nullable JsonNode typed) {
    if (typed == null || typed.isNull()) {
      return null;
    }
    JsonNode v = typed;
    if (typed.isObject() && typed.size() == 1) {
      v = typed.elements().next();
      if (typed.has("NULL")) {
        return null;
      }
    }
    if (v.isNumber()) {
      return DynamoImages.numberText(v);
    }
    String text = v.asText().trim();
    return text.isEmpty() ? null : text;
  }

  /** A present, non-blank scalar as text (numbers as their plain text); null otherwise. */
  private static @Nullable String text(@Nullable JsonNode v) {
    if (v == null || v.isNull() || v.isContainerNode()) {
      return null;
    }
    String t = v.isNumber() ? DynamoImages.numberText(v) : v.asText();
    return t.isBlank() ? null : t;
  }

  /** A key column's value: at most {@link ValueLimits#MAX_KEY_CHARS} UTF-16 code units, no NUL. */
  private static void key(String field, String value) throws ChangeRecordException {
    if (value.length() > ValueLimits.MAX_KEY_CHARS) {
      throw invalid(field, field + " is longer than " + ValueLimits.MAX_KEY_CHARS + " characters: " + value.length());
    }
    if (value.indexOf('\0') >= 0) {
      throw invalid(field, field + " holds a NUL character");
    }
  }

  private static ChangeRecordException missing(String field) {
    return new ChangeRecordException(ErrorType.MISSING_VALUE, field, field + " is missing");
  }

  private static ChangeRecordException invalid(String field, String message) {
    return new ChangeRecordException(ErrorType.INVALID_VALUE, field, message);
  }
}
