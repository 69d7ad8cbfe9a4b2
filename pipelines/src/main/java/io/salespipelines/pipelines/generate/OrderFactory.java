package io.salespipelines.pipelines.generate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Makes good orders (SPEC 2.1) in the many shapes real exports take: ids as text or numbers,
 * order_ts with and without offset, seconds or fraction, country in any case or missing, amounts
 * as strings or numbers (some with three decimals), extra top-level fields. Customers arrive over
 * the months; later orders come from new customers and, less often the longer ago they arrived,
 * from earlier ones, so cohorts, retention and churn are not trivial. Each good order knows what
 * the job must make of it (items, order_total to the cent, paid or not).
 */
final class OrderFactory {
  static final String[] COUNTRIES = {"DE", "FR", "NL", "US", "GB", "ES", "IT", "PL"};
  static final String[] CATEGORIES = {"books", "toys", "games", "electronics", "garden", "kitchen", "sports", "beauty"};
  private static final String[] METHODS = {"card", "paypal", "klarna", "gift_card"};
  private static final String[] CHANNELS = {"web", "app", "store"};
  private static final int PRODUCTS = 500;
  /** Share (in %) of a month's orders placed by customers who arrive that month. */
  private static final int NEWCOMER_PERCENT = 35;

  static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private final SplittableRandom rng;
  private final int customers;
  private final int months;
  private final YearMonth first;

  /** One good order and what the job must make of it. */
  static final class Made {
    ObjectNode json;
    /** order_id as the job reads it (a number's text). */
    String id;
    int items;
    long totalCents;
    boolean paid;
  }

  OrderFactory(SplittableRandom rng, int customers, int months, YearMonth first) {
    this.rng = rng;
    this.customers = customers;
    this.months = months;
    this.first = first;
  }

  /** Customers who have arrived by the end of month {@code m} (0-based). */
  private int arrived(int m) {
    return (int) Math.max(1, Math.min(customers, ((long) customers * (m + 1) + months - 1) / months));
  }

  Made make(long sequence, int month) {
    Made made = new Made();
    ObjectNode order = NODES.objectNode();
    if (sequence % 20 == 0) {
      long numeric = 9_000_000L + sequence;
      order.put("order_id", numeric);
      made.id = Long.toString(numeric);
    } else {
      made.id = "O-" + sequence;
      order.put("order_id", made.id);
    }
    order.put("order_ts", orderTs(month));
    order.set("customer", customer(chooseCustomer(month)));
    ArrayNode items = NODES.arrayNode();
    int count = itemCount();
    for (int i = 0; i < count; i++) {
      items.add(item(made));
    }
    made.items = count;
    order.set("payment", payment(made));
    order.set("items", items);
    extras(order);
    made.json = order;
    return made;
  }

  private int chooseCustomer(int month) {
    int before = month == 0 ? 0 : arrived(month - 1);
    int now = arrived(month);
    if (before == 0 || (now > before && rng.nextInt(100) < NEWCOMER_PERCENT)) {
      return before + rng.nextInt(now - before);
    }
    // Returning customers: the recently arrived come back more often than the long-standing.
    double u = rng.nextDouble();
    return before - 1 - (int) (before * u * u);
  }

  private ObjectNode customer(int j) {
    ObjectNode customer = NODES.objectNode();
    if (j % 10 == 7) {
      customer.put("customer_id", 700_000 + j);
    } else {
      customer.put("customer_id", String.format("C-%06d", j));
    }
    String home = COUNTRIES[(j * 7 + 3) % COUNTRIES.length];
    int r = rng.nextInt(100);
    if (r < 3) {
      // Ordering from abroad: the same customer under a second country.
      customer.put("country", COUNTRIES[(j * 7 + 4 + rng.nextInt(COUNTRIES.length - 1)) % COUNTRIES.length]);
    } else if (r < 5) {
      customer.put("country", home.toLowerCase(Locale.ROOT));
    } else if (r < 6) {
      customer.put("country", "");
    } else if (r >= 7) {
      customer.put("country", home);
    }
    if (j % 9 != 0) {
      int arrivalMonth = 0;
      while (arrived(arrivalMonth) <= j) {
        arrivalMonth++;
      }
      LocalDate signup = first.plusMonths(arrivalMonth).atDay(1).minusDays(j % 20);
      customer.put("signup_date", signup.toString());
    }
    return customer;
  }

  /** A UTC instant in the month, written in one of the forms SPEC 2.1 allows. */
  private String orderTs(int month) {
    YearMonth ym = first.plusMonths(month);
    Instant instant =
        ym.atDay(1 + rng.nextInt(ym.lengthOfMonth())).atStartOfDay(ZoneOffset.UTC).toInstant()
            .plusSeconds(rng.nextInt(86_400));
    int form = rng.nextInt(20);
    if (form < 12) {
      return instant.toString();
    } else if (form < 14) {
      return instant.plusMillis(1 + rng.nextInt(999)).toString();
    } else if (form < 16) {
      ZoneOffset offset = ZoneOffset.ofHours(form == 14 ? 2 : -5);
      return instant.atOffset(offset).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } else if (form == 16) {
      return instant.atOffset(ZoneOffset.UTC).toLocalDateTime().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    } else if (form == 17) {
      return instant.truncatedTo(ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC)
          .format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm'Z'"));
    } else if (form == 18) {
      return instant.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }
    return instant.plusNanos(1_000L * (1 + rng.nextInt(999_999))).toString();
  }

  private int itemCount() {
    int r = rng.nextInt(100);
    return r < 50 ? 1 : r < 80 ? 2 : r < 93 ? 3 : 4;
  }

  private ObjectNode item(Made made) {
    ObjectNode item = NODES.objectNode();
    int product = rng.nextInt(PRODUCTS);
    item.put("product_id", String.format("P-%04d", product));
    int r = rng.nextInt(100);
    if (r >= 4) {
      item.put("category", CATEGORIES[product % CATEGORIES.length]);
    } else if (r == 3) {
      item.put("category", "");
    }
    int quantity = rng.nextInt(100) < 60 ? 1 : 2 + rng.nextInt(4);
    if (rng.nextInt(100) < 80) {
      item.put("quantity", quantity);
    } else {
      item.put("quantity", Integer.toString(quantity));
    }
    long cents = 199 + (product * 7919L) % 19_800;
    r = rng.nextInt(100);
    if (r < 5) {
      // Three decimals: the job rounds HALF_UP to cents.
      int thousandth = 1 + rng.nextInt(9);
      item.put("unit_price", BigDecimal.valueOf(cents * 10 + thousandth, 3).toPlainString());
      cents += thousandth >= 5 ? 1 : 0;
    } else if (r < 35) {
      item.put("unit_price", BigDecimal.valueOf(cents, 2));
    } else {
      item.put("unit_price", BigDecimal.valueOf(cents, 2).toPlainString());
    }
    made.totalCents += quantity * cents;
    return item;
  }

  private ObjectNode payment(Made made) {
    ObjectNode payment = NODES.objectNode();
    if (rng.nextInt(100) >= 5) {
      payment.put("method", METHODS[rng.nextInt(METHODS.length)]);
    }
    int r = rng.nextInt(100);
    String status = r < 78 ? "paid" : r < 86 ? "pending" : r < 93 ? "refunded" : "failed";
    made.paid = status.equals("paid");
    payment.put("status", rng.nextInt(100) < 4 ? status.toUpperCase(Locale.ROOT) : status);
    r = rng.nextInt(100);
    BigDecimal amount = BigDecimal.valueOf(made.totalCents, 2);
    if (r < 60) {
      payment.put("amount", amount.toPlainString());
    } else if (r < 90) {
      payment.put("amount", amount);
    }
    return payment;
  }

  private void extras(ObjectNode order) {
    int r = rng.nextInt(100);
    if (r < 50) {
      order.put("channel", CHANNELS[rng.nextInt(CHANNELS.length)]);
    }
    if (r < 10) {
      order.put("coupon", "SPRING" + (5 + rng.nextInt(4) * 5));
    }
    if (r < 3) {
      order.putObject("meta").put("source_system", "shop-v2").put("batch", 1 + rng.nextInt(9));
    }
  }
}
