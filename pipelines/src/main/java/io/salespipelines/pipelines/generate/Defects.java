package io.salespipelines.pipelines.generate;

import static io.salespipelines.pipelines.generate.Field.*;

import io.salespipelines.pipelines.generate.FileProfile.Format;
import io.salespipelines.pipelines.generate.Row.Shape;
import io.salespipelines.schemas.ErrorType;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Turns a valid sale into a bad row with exactly one defect, so that its first failing check (SPEC
 * 1.2) and hence its error_type is known. Types are taken in turn, skipping those the file cannot
 * show, so every type appears as soon as there are a few dozen bad rows.
 */
final class Defects {
  /** The row-level error types, in SPEC 1.2 check order. */
  static final List<ErrorType> ROW_LEVEL = List.of(
      ErrorType.MALFORMED, ErrorType.BAD_SCHEMA, ErrorType.MISSING_VALUE,
      ErrorType.INVALID_VALUE, ErrorType.UNKNOWN_STORE, ErrorType.UNKNOWN_CUSTOMER,
      ErrorType.UNKNOWN_PRODUCT, ErrorType.UNKNOWN_SALES_PERSON, ErrorType.DUPLICATE);

  private record Invalid(Field field, String value) {}

  /** Values that are present but do not parse, or are not above zero. */
  private static final Invalid[] INVALID = {
    new Invalid(PRICE, "abc"),
    new Invalid(PRICE, "12,50"),
    new Invalid(PRICE, "0.00"),
    new Invalid(QUANTITY, "0"),
    new Invalid(QUANTITY, "-2"),
    new Invalid(QUANTITY, "2.5"),
    new Invalid(TOTAL_COST, "-5"),
    new Invalid(SALES_DATE, "2025-13-45"),
    new Invalid(SALES_DATE, "2025-06-31")
  };

  private final Dimensions dims;
  private final SplittableRandom rng;
  private final DuplicateReservoir goodIds;
  private int cursor;

  Defects(Dimensions dims, SplittableRandom rng, DuplicateReservoir goodIds) {
    this.dims = dims;
    this.rng = rng;
    this.goodIds = goodIds;
  }

  /** Breaks {@code row} and returns the error_type the pipeline must give it. */
  ErrorType breakRow(Row row, FileProfile profile) {
    ErrorType type = nextType(profile);
    switch (type) {
      case MALFORMED -> malform(row, profile);
      case BAD_SCHEMA -> row.breakAs(Shape.JSON_MISSING_KEY, anyMandatory(profile));
      case MISSING_VALUE -> row.set(anyMandatory(profile),
          profile.format() == Format.JSON_LINES && rng.nextBoolean() ? null : "");
      case INVALID_VALUE -> {
        Invalid invalid = INVALID[rng.nextInt(INVALID.length)];
        row.set(invalid.field(), invalid.value());
      }
      // Keys match exactly, so a lower-cased real id is as unknown as a made-up one.
      case UNKNOWN_STORE -> row.set(STORE_ID, rng.nextInt(4) == 0
          ? row.get(STORE_ID).toLowerCase(Locale.ROOT)
          : Dimensions.storeId(dims.stores + rng.nextInt(900)));
      case UNKNOWN_CUSTOMER ->
          row.set(CUSTOMER_ID, Dimensions.customerId(dims.customers + rng.nextInt(90_000)));
      case UNKNOWN_PRODUCT -> {
        if (profile.productKey() == PRODUCT_ID) {
          row.set(PRODUCT_ID, Dimensions.productId(dims.products + rng.nextInt(9_000)));
        } else {
          row.set(PRODUCT_NAME, "Unlisted Item " + (1 + rng.nextInt(999)));
        }
      }
      case UNKNOWN_SALES_PERSON -> row.set(SALES_PERSON_ID,
          Dimensions.salesPersonId(dims.salesPeople + rng.nextInt(900)));
      case DUPLICATE -> row.set(TRANSACTION_ID, goodIds.pick(rng));
      default -> throw new IllegalStateException(type + " is not a row-level error");
    }
    return type;
  }

  private ErrorType nextType(FileProfile profile) {
    while (true) {
      ErrorType type = ROW_LEVEL.get(cursor);
      cursor = (cursor + 1) % ROW_LEVEL.size();
      if (canShow(type, profile)) {
        return type;
      }
    }
  }

  private boolean canShow(ErrorType type, FileProfile profile) {
    return switch (type) {
      // A CSV header is checked once per file; only a JSON line can lack a key on its own.
      case BAD_SCHEMA -> profile.format() == Format.JSON_LINES;
      // Without a transaction_id column the id is <file>:<line>, which cannot repeat.
      case DUPLICATE -> profile.has(TRANSACTION_ID) && !goodIds.isEmpty();
      default -> true;
    };
  }

  private void malform(Row row, FileProfile profile) {
    if (profile.format() == Format.JSON_LINES) {
      row.breakAs(rng.nextBoolean() ? Shape.JSON_NOT_AN_OBJECT : Shape.JSON_TRUNCATED, null);
      return;
    }
    switch (rng.nextInt(3)) {
      case 0 -> row.breakAs(Shape.CSV_TOO_FEW_FIELDS, null);
      case 1 -> row.breakAs(Shape.CSV_TOO_MANY_FIELDS, null);
      default -> {
        String id = row.get(CUSTOMER_ID);
        row.set(CUSTOMER_ID, id.substring(0, 3) + '"' + id.substring(3));
        row.breakAs(Shape.CSV_STRAY_QUOTE, CUSTOMER_ID);
      }
    }
  }

  private Field anyMandatory(FileProfile profile) {
    List<Field> mandatory = profile.mandatoryFields();
    return mandatory.get(rng.nextInt(mandatory.size()));
  }
}
