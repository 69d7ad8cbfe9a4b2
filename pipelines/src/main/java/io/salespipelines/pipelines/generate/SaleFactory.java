package io.salespipelines.pipelines.generate;

import static io.salespipelines.pipelines.generate.Field.*;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

/** Fills a {@link Row} with a valid sale. */
final class SaleFactory {
  private static final DateTimeFormatter LOCAL_DATE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);
  /** Offsets up to 9 h, so that many date-times have a local date other than their UTC date. */
  private static final ZoneOffset[] OFFSETS = {
    ZoneOffset.ofHours(2), ZoneOffset.ofHoursMinutes(5, 30), ZoneOffset.ofHours(-5),
    ZoneOffset.ofHours(9), ZoneOffset.ofHours(-8), ZoneOffset.ofHours(1)
  };
  /** One sale in this many has amounts with three decimals, which the pipeline rounds HALF_UP. */
  private static final int THREE_DECIMALS_EVERY = 500;
  /** After the file's first notes, one good row in this many carries a note. */
  private static final int NOTE_EVERY = 50;

  private final Dimensions dims;
  private final SplittableRandom rng;
  private final long startEpochDay;
  private final int days;
  private final int idWidth;

  SaleFactory(Dimensions dims, SplittableRandom rng, LocalDate start, int days, long rows) {
    this.dims = dims;
    this.rng = rng;
    this.startEpochDay = start.toEpochDay();
    this.days = days;
    this.idWidth = Math.max(9, Long.toString(rows).length());
  }

  /** Overwrites {@code row} with sale number {@code sequence} (1-based, unique in the run). */
  void fill(Row row, long sequence, FileProfile profile) {
    row.reset();
    row.set(TRANSACTION_ID, "T" + Dimensions.pad(sequence, idWidth));
    int store = rng.nextInt(dims.stores);
    row.set(STORE_ID, Dimensions.storeId(store));
    row.set(SALES_PERSON_ID, Dimensions.salesPersonId(dims.salesPersonFor(store, rng)));
    row.set(CUSTOMER_ID, Dimensions.customerId(rng.nextInt(dims.customers)));
    int product = popularProduct();
    row.set(PRODUCT_ID, Dimensions.productId(product));
    row.set(PRODUCT_NAME, dims.productReference(product));
    row.set(SALES_DATE, salesDate(profile.dateOnly()));
    setAmounts(row, product);
    row.set(CHANNEL, Names.pick(rng, Names.CHANNELS));
    row.set(PROMO_CODE, rng.nextInt(5) == 0 ? Names.pick(rng, Names.PROMO_CODES) : "");
  }

  /**
   * Gives a good row a note: the first good rows of a file get every hostile note in turn, so even
   * a small file holds each; later ones get one now and then.
   */
  void annotate(Row row, long goodRowsBefore) {
    if (goodRowsBefore < Names.NOTES.length) {
      row.set(NOTE, Names.NOTES[(int) goodRowsBefore]);
    } else if (rng.nextInt(NOTE_EVERY) == 0) {
      row.set(NOTE, Names.pick(rng, Names.NOTES));
    }
  }

  /** Skewed towards low indices, as real sales are, so product 0 sells in almost every file. */
  private int popularProduct() {
    double u = rng.nextDouble();
    return (int) (dims.products * u * u);
  }

  private void setAmounts(Row row, int product) {
    long unitCents = dims.productCents(product);
    if (rng.nextInt(5) == 0) {
      unitCents = unitCents * 9 / 10;
    }
    int quantity = rng.nextInt(10) < 6 ? 1 : 2 + rng.nextInt(4);
    BigDecimal price;
    BigDecimal total;
    if (rng.nextInt(THREE_DECIMALS_EVERY) == 0) {
      // Ends in 5 thousandths: HALF_UP and HALF_EVEN disagree on about half of these.
      long unitMillis = unitCents * 10 + 5;
      price = BigDecimal.valueOf(unitMillis, 3);
      total = BigDecimal.valueOf(unitMillis * quantity, 3);
    } else {
      price = BigDecimal.valueOf(unitCents, 2);
      total = BigDecimal.valueOf(unitCents * quantity, 2);
    }
    row.set(PRICE, price.toPlainString());
    row.set(QUANTITY, Integer.toString(quantity));
    row.set(TOTAL_COST, total.toPlainString());
    row.totalCents(total.setScale(2, RoundingMode.HALF_UP).unscaledValue().longValueExact());
  }

  /** A date or date-time whose UTC date is always the drawn day, whatever its written form. */
  private String salesDate(boolean dateOnly) {
    long day = startEpochDay + rng.nextInt(days);
    LocalDateTime utc = LocalDateTime.ofEpochSecond(day * 86_400 + rng.nextInt(86_400), 0,
        ZoneOffset.UTC);
    int form = dateOnly ? 0 : rng.nextInt(20);
    if (form < 7) {
      return LocalDate.ofEpochDay(day).toString();
    }
    if (form < 13) {
      return LOCAL_DATE_TIME.format(utc) + "Z";
    }
    if (form < 19) {
      ZoneOffset offset = OFFSETS[rng.nextInt(OFFSETS.length)];
      return LOCAL_DATE_TIME.format(utc.plusSeconds(offset.getTotalSeconds())) + offset.getId();
    }
    // No offset: SPEC reads it as UTC.
    return LOCAL_DATE_TIME.format(utc);
  }
}
