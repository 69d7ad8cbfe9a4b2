package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One DynamoDB change flattened as the seed's Lambda writes it (table {@code cdc_events}), plus the
 * change's identity: {@code event_id} and {@code sequence_number}. Image fields absent from the
 * change (a REMOVE that carries only Keys) are null.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class CdcEvent {
  public static final String INSERT = "INSERT";
  public static final String MODIFY = "MODIFY";
  public static final String REMOVE = "REMOVE";

  public abstract String getOrderId();

  public abstract @Nullable String getProductName();

  public abstract @Nullable Long getQuantity();

  public abstract @Nullable BigDecimal getPrice();

  /** INSERT, MODIFY or REMOVE. */
  public abstract String getEventType();

  /** Event time in epoch seconds (ApproximateCreationDateTime, milliseconds truncated). */
  public abstract long getCreationTime();

  /** The DynamoDB SequenceNumber as canonical decimal digits (no leading zeros), up to 40 of them. */
  public abstract String getSequenceNumber();

  public abstract String getEventId();

  /** The image's other attributes as plain JSON, keys sorted; {@code {}} when none. */
  public abstract String getAdditionalAttributes();

  /** The sequence number as an integer: the order of changes to one item (never a long: 40 digits). */
  public BigInteger sequence() {
    return new BigInteger(getSequenceNumber());
  }

  /** quantity × price for an INSERT with both, else zero: what an order adds to a window's value. */
  public BigDecimal insertValue() {
    if (!INSERT.equals(getEventType()) || getQuantity() == null || getPrice() == null) {
      return BigDecimal.ZERO.setScale(2);
    }
    return getPrice().multiply(BigDecimal.valueOf(getQuantity())).setScale(2, java.math.RoundingMode.HALF_UP);
  }

  public static CdcEvent create(
      String orderId,
      @Nullable String productName,
      @Nullable Long quantity,
      @Nullable BigDecimal price,
      String eventType,
      long creationTime,
      String sequenceNumber,
      String eventId,
      String additionalAttributes) {
    return new AutoValue_CdcEvent(
        orderId, productName, quantity, price, eventType, creationTime, sequenceNumber, eventId,
        additionalAttributes);
  }
}
