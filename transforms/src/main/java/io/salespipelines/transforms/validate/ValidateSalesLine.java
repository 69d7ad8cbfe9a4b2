package io.salespipelines.transforms.validate;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.ErrorType;
import io.salespipelines.schemas.SalesLine;
import io.salespipelines.schemas.SalesTransaction;
import io.salespipelines.schemas.ValueLimits;
import io.salespipelines.schemas.coders.SalesTransactionCoder;
import io.salespipelines.transforms.parse.ParseSalesFile;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Types a {@link SalesLine}: {@code missing_value} for an empty mandatory value, then {@code
 * invalid_value} for a key longer than its limit, a date outside the accepted range, or a value
 * that does not parse or is not positive, each checked in column order ({@link ValueLimits}).
 */
public class ValidateSalesLine
    extends PTransform<
        PCollection<SalesLine>, WithFailures.Result<PCollection<SalesTransaction>, DeadLetter>> {
  static final TupleTag<SalesTransaction> VALID = new TupleTag<SalesTransaction>() {};
  static final TupleTag<DeadLetter> FAILURES = new TupleTag<DeadLetter>() {};

  @Override
  public WithFailures.Result<PCollection<SalesTransaction>, DeadLetter> expand(
      PCollection<SalesLine> lines) {
    PCollectionTuple result =
        lines.apply(
            "CheckValues", ParDo.of(new ValidateFn()).withOutputTags(VALID, TupleTagList.of(FAILURES)));
    result.get(VALID).setCoder(SalesTransactionCoder.of());
    return WithFailures.Result.of(result, VALID, FAILURES);
  }

  static class ValidateFn extends DoFn<SalesLine, SalesTransaction> {
    @ProcessElement
    public void process(@Element SalesLine line, MultiOutputReceiver out) {
      Object checked = validate(line);
      if (checked instanceof SalesTransaction) {
        out.get(VALID).output((SalesTransaction) checked);
      } else {
        out.get(FAILURES).output((DeadLetter) checked);
      }
    }
  }

  /** Returns the typed transaction, or the dead letter of the first failing check. */
  static Object validate(SalesLine line) {
    String productColumn = line.getProductById() ? "product_id" : "product_name";
    String productKey = line.getProductById() ? line.getProductId() : line.getProductName();
    String[][] mandatory = {
      {"customer_id", line.getCustomerId()},
      {"store_id", line.getStoreId()},
      {productColumn, productKey},
      {"sales_person_id", line.getSalesPersonId()},
      {"sales_date", line.getSalesDate()},
      {"price", line.getPrice()},
      {"quantity", line.getQuantity()},
      {"total_cost", line.getTotalCost()},
    };
    for (String[] field : mandatory) {
      if (field[1] == null || field[1].isBlank()) {
        return fail(line, ErrorType.MISSING_VALUE, field[0], field[0] + " is empty");
      }
    }
    // Keys that fit the SQL key columns and a partition folder name (ValueLimits), in column order.
    String[][] keys = {
      {"transaction_id", line.getTransactionId()},
      {"customer_id", line.getCustomerId()},
      {"store_id", line.getStoreId()},
      {productColumn, productKey},
      {"sales_person_id", line.getSalesPersonId()},
    };
    for (String[] key : keys) {
      int limit =
          key[0].equals("transaction_id") || key[0].equals("product_name")
              ? ValueLimits.MAX_NAME_CHARS
              : ValueLimits.MAX_KEY_CHARS;
      if (key[1] != null && key[1].length() > limit) {
        return fail(line, ErrorType.INVALID_VALUE, key[0],
            key[0] + " is longer than " + limit + " characters (" + key[1].length() + "): " + clip(key[1]));
      }
    }
    LocalDate date = SalesValues.utcDate(line.getSalesDate());
    if (date == null) {
      return fail(line, ErrorType.INVALID_VALUE, "sales_date",
          "sales_date is not a date or ISO-8601 date-time: " + clip(line.getSalesDate()));
    }
    if (date.isBefore(ValueLimits.MIN_SALES_DATE) || date.isAfter(ValueLimits.MAX_SALES_DATE)) {
      return fail(line, ErrorType.INVALID_VALUE, "sales_date",
          "sales_date is outside the accepted range " + ValueLimits.MIN_SALES_DATE + " to "
              + ValueLimits.MAX_SALES_DATE + " (UTC): " + clip(line.getSalesDate()));
    }
    BigDecimal price = SalesValues.money(line.getPrice());
    if (price == null || price.signum() <= 0) {
      return fail(line, ErrorType.INVALID_VALUE, "price", notPositive("price", line.getPrice(), price));
    }
    Integer quantity = SalesValues.quantity(line.getQuantity());
    if (quantity == null || quantity <= 0) {
      return fail(line, ErrorType.INVALID_VALUE, "quantity",
          quantity == null
              ? "quantity is not a whole number: " + clip(line.getQuantity())
              : "quantity must be > 0: " + clip(line.getQuantity()));
    }
    BigDecimal totalCost = SalesValues.money(line.getTotalCost());
    if (totalCost == null || totalCost.signum() <= 0) {
      return fail(line, ErrorType.INVALID_VALUE, "total_cost",
          notPositive("total_cost", line.getTotalCost(), totalCost));
    }
    String transactionId = line.getTransactionId();
    if (transactionId == null || transactionId.isEmpty()) {
      transactionId = ParseSalesFile.fileName(line.getSource()) + ":" + line.getLine();
    }
    return SalesTransaction.builder()
        .setTransactionId(transactionId)
        .setCustomerId(line.getCustomerId())
        .setStoreId(line.getStoreId())
        .setProductById(line.getProductById())
        .setProductKey(productKey)
        .setSalesPersonId(line.getSalesPersonId())
        .setSalesDate(date.toString())
        .setPrice(price)
        .setQuantity(quantity)
        .setTotalCost(totalCost)
        .setAdditionalColumns(line.getAdditionalColumns())
        .setSource(line.getSource())
        .setLine(line.getLine())
        .setRaw(line.getRaw())
        .build();
  }

  private static String notPositive(String column, String text, BigDecimal parsed) {
    return parsed == null
        ? column + " is not a decimal number (at most DECIMAL(18,2)): " + clip(text)
        : column + " must be > 0: " + clip(text);
  }

  private static String clip(String value) {
    return value.length() <= 80 ? "'" + value + "'" : "'" + value.substring(0, 80) + "...'";
  }

  private static DeadLetter fail(SalesLine line, ErrorType type, String field, String message) {
    return DeadLetter.of(line.getSource(), line.getLine(), type, field, message, line.getRaw());
  }
}
