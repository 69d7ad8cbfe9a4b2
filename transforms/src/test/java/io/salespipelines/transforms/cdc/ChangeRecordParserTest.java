package io.salespipelines.transforms.cdc;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.Assert.assertThrows;

import io.salespipelines.schemas.CdcEvent;
import io.salespipelines.schemas.ErrorType;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.Test;

public class ChangeRecordParserTest {
  private static final String SEQ40 = "1234567890123456789012345678901234567890";

  @Test
  public void flattensAnInsertWithEveryDynamoType() throws Exception {
    String record =
        "{\"eventID\":\"e1\",\"eventName\":\"INSERT\",\"dynamodb\":{\"ApproximateCreationDateTime\":1717243200,"
            + "\"Keys\":{\"orderId\":{\"S\":\"O-1\"}},\"NewImage\":{"
            + "\"orderId\":{\"S\":\"O-1\"},\"product_name\":{\"S\":\"Lamp\"},\"quantity\":{\"N\":\"3\"},"
            + "\"price\":{\"N\":\"19.995\"},\"gift\":{\"BOOL\":true},\"note\":{\"NULL\":true},"
            + "\"tags\":{\"SS\":[\"b\",\"a\"]},\"sizes\":{\"NS\":[\"1\",\"2.5\"]},"
            + "\"address\":{\"M\":{\"zip\":{\"S\":\"10115\"},\"city\":{\"S\":\"Berlin\"}}},"
            + "\"lines\":{\"L\":[{\"N\":\"7\"},{\"S\":\"x\"}]}},"
            + "\"SequenceNumber\":\"" + SEQ40 + "\"}}";
    CdcEvent e = ChangeRecordParser.parse(record);
    assertThat(e.getOrderId(), equalTo("O-1"));
    assertThat(e.getProductName(), equalTo("Lamp"));
    assertThat(e.getQuantity(), equalTo(3L));
    assertThat(e.getPrice(), equalTo(new BigDecimal("20.00")));
    assertThat(e.getEventType(), equalTo("INSERT"));
    assertThat(e.getCreationTime(), equalTo(1717243200L));
    assertThat(e.sequence(), equalTo(new BigInteger(SEQ40)));
    assertThat(e.getEventId(), equalTo("e1"));
    assertThat(
        e.getAdditionalAttributes(),
        equalTo("{\"address\":{\"city\":\"Berlin\",\"zip\":\"10115\"},\"gift\":true,\"lines\":[7,\"x\"],"
            + "\"note\":null,\"sizes\":[1,2.5],\"tags\":[\"b\",\"a\"]}"));
  }

  @Test
  public void millisecondsAreTruncatedToTheSecond() throws Exception {
    String record = ChangeRecords.change("e", "INSERT", "O", "1", 1717243200999L, 1, "1");
    assertThat(ChangeRecordParser.parse(record).getCreationTime(), equalTo(1717243200L));
    // 10^11 itself is still seconds (year 5138); above it, milliseconds.
    assertThat(
        ChangeRecordParser.parse(ChangeRecords.change("e", "INSERT", "O", "1", 100000000000L, 1, "1")).getCreationTime(),
        equalTo(100000000000L));
    assertThat(
        ChangeRecordParser.parse(ChangeRecords.change("e", "INSERT", "O", "1", 100000000001L, 1, "1")).getCreationTime(),
        equalTo(100000000L));
  }

  @Test
  public void removeTakesOldImageOrElseKeys() throws Exception {
    CdcEvent withOld = ChangeRecordParser.parse(ChangeRecords.change("e", "REMOVE", "O-9", "0007", 10, 2, "5"));
    assertThat(withOld.getOrderId(), equalTo("O-9"));
    assertThat(withOld.getQuantity(), equalTo(2L));
    assertThat(withOld.getSequenceNumber(), equalTo("7"));
    CdcEvent keysOnly =
        ChangeRecordParser.parse(
            "{\"eventID\":\"e\",\"eventName\":\"REMOVE\",\"dynamodb\":{\"ApproximateCreationDateTime\":10,"
                + "\"Keys\":{\"orderId\":{\"N\":\"42\"}},\"SequenceNumber\":\"9\"}}");
    assertThat(keysOnly.getOrderId(), equalTo("42"));
    assertThat(keysOnly.getProductName(), nullValue());
    assertThat(keysOnly.getQuantity(), nullValue());
    assertThat(keysOnly.getAdditionalAttributes(), equalTo("{}"));
  }

  @Test
  public void sequenceNumbersCompareAsIntegersNotText() throws Exception {
    CdcEvent nine = ChangeRecordParser.parse(ChangeRecords.change("a", "INSERT", "O", "9", 1, 1, "1"));
    CdcEvent ten = ChangeRecordParser.parse(ChangeRecords.change("b", "MODIFY", "O", "10", 1, 1, "1"));
    assertThat(nine.sequence().compareTo(ten.sequence()) < 0, equalTo(true));
  }

  private static void rejects(String record, ErrorType type, String field) {
    ChangeRecordException e = assertThrows(ChangeRecordException.class, () -> ChangeRecordParser.parse(record));
    assertThat(e.getMessage(), e.type(), equalTo(type));
    assertThat(e.getMessage(), e.field(), equalTo(field));
  }

  @Test
  public void everyErrorKind() {
    rejects("{not json", ErrorType.MALFORMED, null);
    rejects("[1,2]", ErrorType.MALFORMED, null);
    rejects("42", ErrorType.MALFORMED, null);
    String good = ChangeRecords.change("e", "INSERT", "O", "5", 100, 2, "3.50");
    rejects(good.replace("\"eventName\":\"INSERT\",", ""), ErrorType.MISSING_VALUE, "eventName");
    rejects(good.replace("\"eventName\":\"INSERT\"", "\"eventName\":\"  \""), ErrorType.MISSING_VALUE, "eventName");
    rejects(good.replace(",\"SequenceNumber\":\"5\"", ""), ErrorType.MISSING_VALUE, "dynamodb.SequenceNumber");
    rejects(
        good.replace("\"orderId\":{\"S\":\"O\"}", "\"sku\":{\"S\":\"O\"}"), ErrorType.MISSING_VALUE, "Keys.orderId");
    rejects(good.replace("\"INSERT\"", "\"UPSERT\""), ErrorType.INVALID_VALUE, "eventName");
    rejects(good.replace("{\"N\":\"2\"}", "{\"N\":\"two\"}"), ErrorType.INVALID_VALUE, "NewImage.quantity");
    rejects(good.replace("{\"N\":\"2\"}", "{\"N\":\"2.5\"}"), ErrorType.INVALID_VALUE, "NewImage.quantity");
    rejects(good.replace("{\"N\":\"3.50\"}", "{\"N\":\"3,50\"}"), ErrorType.INVALID_VALUE, "NewImage.price");
    rejects(good.replace("\"5\"}}", "\"" + SEQ40 + "1\"}}"), ErrorType.INVALID_VALUE, "dynamodb.SequenceNumber");
    rejects(good.replace("\"5\"}}", "\"-5\"}}"), ErrorType.INVALID_VALUE, "dynamodb.SequenceNumber");
  }

  @Test
  public void keysThatTheDatabaseCannotHoldAreInvalidValues() throws Exception {
    String key64 = "K".repeat(64);
    // 64 characters fit the VARCHAR(64) key columns (orders_current.orderid, order_activity_events.event_id).
    assertThat(ChangeRecordParser.parse(ChangeRecords.change(key64, "INSERT", key64, "1", 100, 1, "1")).getOrderId(),
        equalTo(key64));
    String long65 = key64 + "K";
    rejects(ChangeRecords.change("e", "INSERT", long65, "1", 100, 1, "1"), ErrorType.INVALID_VALUE, "NewImage.orderId");
    rejects(ChangeRecords.change("e", "REMOVE", long65, "1", 100, 1, "1"), ErrorType.INVALID_VALUE, "OldImage.orderId");
    rejects(ChangeRecords.change(long65, "INSERT", "O", "1", 100, 1, "1"), ErrorType.INVALID_VALUE, "eventID");
    // A character outside the Basic Multilingual Plane counts as two (UTF-16), as in ValueLimits.
    rejects(ChangeRecords.change("e", "INSERT", "K".repeat(63) + "\uD83D\uDE00", "1", 100, 1, "1"),
        ErrorType.INVALID_VALUE, "NewImage.orderId");
    // PostgreSQL refuses NUL in text: a NUL (written \\u0000 in JSON) is invalid in a key or a name.
    rejects(ChangeRecords.change("e", "INSERT", "O\\u0000", "1", 100, 1, "1"), ErrorType.INVALID_VALUE, "NewImage.orderId");
    rejects(ChangeRecords.change("e", "INSERT", "O", "1", 100, 1, "1").replace("Widget O", "Widget\\u0000"),
        ErrorType.INVALID_VALUE, "NewImage.product_name");
  }

  @Test
  public void anInsertWhoseValueDoesNotFitTheDatabaseIsAnInvalidValue() throws Exception {
    // Each number fits on its own; 2 × 9000000000000000.00 does not fit order_activity_events.value.
    rejects(ChangeRecords.change("e", "INSERT", "O", "1", 100, 2, "9000000000000000.00"),
        ErrorType.INVALID_VALUE, "NewImage.price");
    rejects(ChangeRecords.change("e", "INSERT", "O", "1", 100, -2, "9000000000000000.00"),
        ErrorType.INVALID_VALUE, "NewImage.price");
    // The largest value that fits is kept.
    assertThat(ChangeRecordParser.parse(ChangeRecords.change("e", "INSERT", "O", "1", 100, 1, "9999999999999999.99"))
        .insertValue(), equalTo(new BigDecimal("9999999999999999.99")));
    // Only an INSERT's value is stored: a MODIFY or REMOVE with the same numbers is kept.
    assertThat(ChangeRecordParser.parse(ChangeRecords.change("e", "MODIFY", "O", "1", 100, 2, "9000000000000000.00"))
        .getQuantity(), equalTo(2L));
    assertThat(ChangeRecordParser.parse(ChangeRecords.change("e", "REMOVE", "O", "1", 100, 2, "9000000000000000.00"))
        .getQuantity(), equalTo(2L));
  }

  @Test
  public void jsonBeyondJacksonsLimitsIsMalformed() {
    String good = ChangeRecords.change("e", "INSERT", "O", "5", 100, 2, "3.50");
    rejects(good.replace("\"SequenceNumber\"", "\"n\":" + "9".repeat(1001) + ",\"SequenceNumber\""),
        ErrorType.MALFORMED, null);
    rejects(good.replace("\"SequenceNumber\"", "\"d\":" + "[".repeat(1001) + "]".repeat(1001) + ",\"SequenceNumber\""),
        ErrorType.MALFORMED, null);
    // A JSON number whose exponent BigDecimal cannot hold.
    rejects(good.replace("\"SequenceNumber\"", "\"junk\":1e-5000000000,\"SequenceNumber\""), ErrorType.MALFORMED, null);
  }

  @Test
  public void typedNumbersThatBigDecimalCannotHold() throws Exception {
    String good = ChangeRecords.change("e", "INSERT", "O", "5", 100, 2, "3.50");
    rejects(good.replace("{\"N\":\"3.50\"}", "{\"N\":\"1e-5000000000\"}"), ErrorType.INVALID_VALUE, "NewImage.price");
    rejects(good.replace("{\"N\":\"2\"}", "{\"N\":\"1e5000000000\"}"), ErrorType.INVALID_VALUE, "NewImage.quantity");
    rejects(good.replace(":100,", ":\"1e-5000000000\","), ErrorType.INVALID_VALUE,
        "dynamodb.ApproximateCreationDateTime");
    // Exponents BigDecimal holds but that would take seconds (or the heap) to round or print.
    rejects(good.replace("{\"N\":\"3.50\"}", "{\"N\":\"1e-999999999\"}"), ErrorType.INVALID_VALUE, "NewImage.price");
    rejects(good.replace("{\"N\":\"3.50\"}", "1e-999999999"), ErrorType.INVALID_VALUE, "NewImage.price");
    rejects(good.replace("\"5\"}}", "1e999999999}}"), ErrorType.INVALID_VALUE, "dynamodb.SequenceNumber");
    // A JSON number beyond a double's range, which Jackson reads as an infinite double.
    rejects(good.replace(":100,", ":1e400,"), ErrorType.INVALID_VALUE, "dynamodb.ApproximateCreationDateTime");
    // Another attribute keeps its N as text when it is no number Java can hold, as any N that is no number.
    CdcEvent kept = ChangeRecordParser.parse(good.replace("\"quantity\"", "\"k\":{\"N\":\"1e-5000000000\"},\"quantity\""));
    assertThat(kept.getAdditionalAttributes(), equalTo("{\"k\":\"1e-5000000000\"}"));
  }

  @Test
  public void missingValuesComeBeforeInvalidOnes() {
    String bad = ChangeRecords.change("e", "UPSERT", "O", "x", 100, 2, "3.50").replace(",\"SequenceNumber\":\"x\"", "");
    rejects(bad, ErrorType.MISSING_VALUE, "dynamodb.SequenceNumber");
  }
}
