package io.salespipelines.schemas;

import com.google.auto.value.AutoValue;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One order as read from an order file (SPEC 2.1): a JSON object, flattened into the contract's
 * fields but not yet typed. A value is the text of a JSON scalar (a number exactly as written, so
 * {@code 9000123} is {@code "9000123"}), null when the key or its parent object is absent or the
 * value is JSON null. A value of the wrong JSON kind (an object or array where a value belongs, an
 * {@code items} that is not an array) is listed in {@link #getWrongShape()} so that validation can
 * reject it rather than take its JSON text.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class ParsedOrder {
  public abstract String getSource();

  /** 1-based physical line where the order's object starts. */
  public abstract long getLine();

  /**
   * The order's place in its file: the byte offset where its line starts in a JSON-lines file (of
   * the decompressed bytes for gzip; the same whichever range of a split file reads it), its 0-based
   * index in a JSON array. Orders of a one-line JSON array share a line, and this keeps "first by
   * (file, line)" a total order.
   */
  public abstract long getOrdinal();

  /** The line, or for an element of a JSON array the element as compact JSON. */
  public abstract String getRaw();

  public abstract @Nullable String getOrderId();

  public abstract @Nullable String getOrderTs();

  public abstract @Nullable String getCustomerId();

  public abstract @Nullable String getCountry();

  public abstract @Nullable String getSignupDate();

  public abstract @Nullable String getPaymentMethod();

  public abstract @Nullable String getPaymentStatus();

  public abstract @Nullable String getPaymentAmount();

  /** Null when {@code items} is absent, null, or not an array (then it is in wrong_shape). */
  public abstract @Nullable List<ParsedOrderItem> getItems();

  /**
   * Contract paths whose value has the wrong JSON kind, in document order, e.g. {@code order_id},
   * {@code items}, {@code items[2].quantity}.
   */
  public abstract List<String> getWrongShape();

  /** Unknown top-level fields as a JSON object text, keys sorted ({@code {}} when none). */
  public abstract String getAdditionalFields();

  public static Builder builder() {
    return new AutoValue_ParsedOrder.Builder()
        .setOrdinal(0)
        .setWrongShape(List.of())
        .setAdditionalFields("{}");
  }

  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setSource(String v);

    public abstract Builder setLine(long v);

    public abstract Builder setOrdinal(long v);

    public abstract Builder setRaw(String v);

    public abstract Builder setOrderId(@Nullable String v);

    public abstract Builder setOrderTs(@Nullable String v);

    public abstract Builder setCustomerId(@Nullable String v);

    public abstract Builder setCountry(@Nullable String v);

    public abstract Builder setSignupDate(@Nullable String v);

    public abstract Builder setPaymentMethod(@Nullable String v);

    public abstract Builder setPaymentStatus(@Nullable String v);

    public abstract Builder setPaymentAmount(@Nullable String v);

    public abstract Builder setItems(@Nullable List<ParsedOrderItem> v);

    public abstract Builder setWrongShape(List<String> v);

    public abstract Builder setAdditionalFields(String v);

    public abstract ParsedOrder build();
  }
}
