package io.salespipelines.schemas;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The sizes and ranges a sale's values must keep so that every output can hold them. A value
 * outside them is an {@code invalid_value} dead letter, never a failed run.
 */
public final class ValueLimits {
  private ValueLimits() {}

  /**
   * customer_id, store_id, product_id, sales_person_id: at most 64 characters (UTF-16 code units,
   * so a character outside the Basic Multilingual Plane counts as two). They are SQL {@code
   * VARCHAR(64)} primary-key columns, and store_id names a partition folder: {@code store_id=} plus
   * the escaped value takes at most 9 + 3 x 64 = 201 bytes, under the 255-byte limit of a file
   * name ({@link HivePartitions#escape} turns one character into at most three bytes).
   */
  public static final int MAX_KEY_CHARS = 64;

  /** transaction_id and product_name: at most 255 characters. */
  public static final int MAX_NAME_CHARS = 255;

  /**
   * A number as written (price, quantity, total_cost): at most 64 characters. Longer text cannot
   * be a DECIMAL(18,2) amount worth keeping, and parsing a million digits costs seconds.
   */
  public static final int MAX_NUMBER_CHARS = 64;

  /**
   * One record (a CSV record, which may span lines, or a JSON line): at most 1,000,000 bytes. A
   * longer one is {@code malformed} and is not held in memory beyond this many bytes. It equals
   * {@link DeadLetter#MAX_RAW_CHARS}, so a record that is read is always kept whole in its dead
   * letter.
   */
  public static final int MAX_RECORD_BYTES = DeadLetter.MAX_RAW_CHARS;

  /** Sales dates (their UTC date) from 1900-01-01 to 9999-12-31: four-digit years, as in {@code sales_month=YYYY-MM}. */
  public static final LocalDate MIN_SALES_DATE = LocalDate.of(1900, 1, 1);

  public static final LocalDate MAX_SALES_DATE = LocalDate.of(9999, 12, 31);

  /** The largest amount DECIMAL(18,2) holds, for single amounts and for every total of the marts. */
  public static final BigDecimal MAX_MONEY = new BigDecimal("9999999999999999.99");
}
