package io.salespipelines.pipelines.generate;

import static io.salespipelines.pipelines.generate.Field.*;

import io.salespipelines.pipelines.generate.FileProfile.Column;
import io.salespipelines.pipelines.generate.FileProfile.Format;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cycle of file layouts data files take in turn. The first four alone cover every feature a
 * run must show (plain CSV with extras, JSON lines, gzip with upper-case aliased reordered CRLF
 * header, tutorial layout with BOM), because the smallest run has four data files. Over ten files
 * the mix is 60% CSV, 20% JSON lines, 20% tutorial-layout CSV.
 */
final class Profiles {
  private enum Style {
    LOWER,
    UPPER,
    MIXED
  }

  private static final List<FileProfile> CYCLE =
      List.of(
          // Extras kept in additional_columns; notes with commas and newlines; blank lines.
          csv(".csv", Style.LOWER, false, false, true,
              TRANSACTION_ID, CUSTOMER_ID, STORE_ID, PRODUCT_ID, SALES_PERSON_ID, SALES_DATE,
              PRICE, QUANTITY, TOTAL_COST, CHANNEL, PROMO_CODE, NOTE),
          // Amounts as JSON numbers; blank lines.
          json(List.of(".jsonl", ".json", ".ndjson"), false, true, true, CHANNEL),
          // Upper case, aliases, another column order and CRLF, all behind gzip.
          csv(".csv.gz", Style.UPPER, true, true, false,
              TRANSACTION_ID, SALES_DATE, STORE_ID, SALES_PERSON_ID, CUSTOMER_ID, PRODUCT_ID,
              QUANTITY, PRICE, TOTAL_COST),
          // BOM, as spreadsheet exports write it.
          tutorial(false, true, true),
          csv(".csv", Style.MIXED, false, false, false,
              TRANSACTION_ID, CUSTOMER_ID, STORE_ID, PRODUCT_ID, SALES_PERSON_ID, SALES_DATE,
              PRICE, QUANTITY, TOTAL_COST, PROMO_CODE),
          // Amounts as JSON strings, aliased keys.
          json(List.of(".ndjson.gz", ".jsonl.gz", ".json.gz"), true, false, false, PROMO_CODE),
          // Upper-case ending: endings match case-insensitively.
          csv(".CSV", Style.LOWER, false, false, false,
              STORE_ID, SALES_DATE, TRANSACTION_ID, PRODUCT_ID, CUSTOMER_ID, SALES_PERSON_ID,
              QUANTITY, PRICE, TOTAL_COST, CHANNEL),
          csv(".csv.gz", Style.LOWER, false, false, false,
              TRANSACTION_ID, CUSTOMER_ID, STORE_ID, PRODUCT_ID, SALES_PERSON_ID, SALES_DATE,
              PRICE, QUANTITY, TOTAL_COST),
          tutorial(true, false, false),
          csv(".csv", Style.LOWER, true, false, false,
              TRANSACTION_ID, CUSTOMER_ID, STORE_ID, PRODUCT_ID, SALES_PERSON_ID, SALES_DATE,
              PRICE, QUANTITY, TOTAL_COST));

  private Profiles() {}

  /** The profile of data file {@code index} (1-based). */
  static FileProfile forFile(int index) {
    return CYCLE.get((index - 1) % CYCLE.size());
  }

  /** How many times the cycle has wrapped before data file {@code index}. */
  static int cycle(int index) {
    return (index - 1) / CYCLE.size();
  }

  /** The canonical lower-case header, as written in the file-level extras. */
  static List<String> canonicalHeader() {
    return List.of(TRANSACTION_ID, CUSTOMER_ID, STORE_ID, PRODUCT_ID, SALES_PERSON_ID, SALES_DATE,
            PRICE, QUANTITY, TOTAL_COST)
        .stream()
        .map(f -> f.canonical)
        .toList();
  }

  /** {@code aliases}: sales_amount for total_cost, timestamp for sales_date. */
  private static FileProfile csv(
      String extension, Style style, boolean aliases, boolean crlf, boolean blankLines,
      Field... fields) {
    return new FileProfile(Format.CSV, List.of(extension), columns(style, aliases, fields), crlf,
        false, blankLines, false, false);
  }

  private static FileProfile json(
      List<String> extensions, boolean aliases, boolean amountsAsNumbers, boolean blankLines,
      Field extra) {
    Field[] fields = {TRANSACTION_ID, CUSTOMER_ID, STORE_ID, PRODUCT_ID, SALES_PERSON_ID,
        SALES_DATE, PRICE, QUANTITY, TOTAL_COST, extra};
    return new FileProfile(Format.JSON_LINES, extensions, columns(Style.LOWER, aliases, fields),
        false, false, blankLines, amountsAsNumbers, false);
  }

  /** The layout of the widely copied PySpark sales tutorial: no transaction_id, product by name. */
  private static FileProfile tutorial(boolean crlf, boolean bom, boolean dateOnly) {
    Field[] fields = {CUSTOMER_ID, STORE_ID, PRODUCT_NAME, SALES_DATE, SALES_PERSON_ID, PRICE,
        QUANTITY, TOTAL_COST};
    return new FileProfile(Format.TUTORIAL_CSV, List.of(".csv"),
        columns(Style.LOWER, false, fields), crlf, bom, false, false, dateOnly);
  }

  private static List<Column> columns(Style style, boolean aliases, Field... fields) {
    List<Column> columns = new ArrayList<>();
    for (Field field : fields) {
      columns.add(new Column(field, styled(style, aliases ? alias(field) : field.canonical)));
    }
    return List.copyOf(columns);
  }

  private static String alias(Field field) {
    return switch (field) {
      case SALES_DATE -> "timestamp";
      case TOTAL_COST -> "sales_amount";
      default -> field.canonical;
    };
  }

  private static String styled(Style style, String name) {
    return switch (style) {
      case LOWER -> name;
      case UPPER -> name.toUpperCase(Locale.ROOT);
      case MIXED -> mixedCase(name);
    };
  }

  /** {@code sales_person_id} becomes {@code Sales_Person_ID}, as spreadsheet exports do. */
  private static String mixedCase(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : name.split("_")) {
      if (out.length() > 0) {
        out.append('_');
      }
      out.append(
          part.equals("id") ? "ID" : Character.toUpperCase(part.charAt(0)) + part.substring(1));
    }
    return out.toString();
  }
}
