package io.salespipelines.pipelines.orders;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A deliberately plain, single-threaded reading of SPEC 2.1–2.2 for {@code orders-analytics},
 * written without any project code (only the JDK and Jackson), so that the job can be held against
 * it: it lists the landing folder, decompresses and splits the files itself, validates and
 * deduplicates the orders, and computes both fact tables and the six metric tables as canonical
 * strings (see {@link #canon}). Where SPEC 2 is silent it follows the README's documented choices.
 *
 * <p>Also runnable on its own for {@code bench/orders.sh}: {@code java -cp <test classes>:<jar>
 * io.salespipelines.pipelines.orders.ReferenceOrdersAnalytics LANDING [OUT]} writes every table as
 * JSON lines under OUT and prints one summary line. It holds every accepted order in memory.
 */
public final class ReferenceOrdersAnalytics {
  static final ObjectMapper JSON = new ObjectMapper()
      .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Reads one array element from a parser standing on it (more elements follow). */
  private static final ObjectReader ELEMENT =
      JSON.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final ObjectMapper SORTED_KEYS =
      JSON.copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private static final List<String> ENDINGS = List.of(".json", ".jsonl", ".ndjson");
  private static final Set<String> TOP_LEVEL = Set.of("order_id", "order_ts", "customer", "payment", "items");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d+(\\.\\d+)?");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
  /** SPEC 2.1: a date, or a date-time with optional seconds and fraction, and Z, ±HH:MM or none. */
  private static final Pattern TIMESTAMP = Pattern.compile(
      "(\\d{4})-(\\d{2})-(\\d{2})(?:T(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?(Z|[+-]\\d{2}:\\d{2})?)?");
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);
  static final int MAX_MONTHS_SINCE = 6;

  /** Every table the reference computes, in the job's order (dead letters apart). */
  static final List<String> TABLES = List.of("fact_orders", "fact_order_items", "monthly_revenue", "revenue_mom",
      "category_sales_monthly", "monthly_active_customers", "cohort_retention", "monthly_churn");

  /** One dead letter, as far as the tests compare them: where and which error_type. */
  record DeadLetterKey(String fileName, long line, String errorType) {
    @Override
    public String toString() {
      return fileName + ":" + line + " " + errorType;
    }
  }

  static final class Item {
    String productId;
    String category;
    int quantity;
    BigDecimal unitPrice;
    BigDecimal lineTotal;
  }

  /** One order that passed every check. */
  static final class Order {
    String path;
    String fileName;
    long line;
    long position;
    String orderId;
    String customerId;
    String country;
    LocalDate signupDate;
    Instant orderTs;
    String paymentMethod;
    String paymentStatus;
    BigDecimal paymentAmount;
    final List<Item> items = new ArrayList<>();
    long quantity;
    BigDecimal orderTotal = ZERO;
    /** The unknown top-level fields as canonical JSON. */
    String additionalFields;

    YearMonth month() {
      return YearMonth.from(orderTs.atOffset(ZoneOffset.UTC));
    }

    boolean paid() {
      return paymentStatus.equals("paid");
    }
  }

  /** Everything the reference expects from one run over a fresh output. */
  static final class Result {
    final List<Order> accepted = new ArrayList<>();
    final List<DeadLetterKey> deadLetters = new ArrayList<>();
    final Map<String, Long> rowDeadLettersByType = new TreeMap<>();
    final Map<String, Long> filesRejectedByType = new TreeMap<>();
    long ordersRead;
    private Metrics metrics;

    long items() {
      return accepted.stream().mapToLong(o -> o.items.size()).sum();
    }

    /** A table's rows, each as {@link #canon} text, in no particular order. */
    void rows(String table, Consumer<String> out) {
      switch (table) {
        case "fact_orders" -> factOrders(out);
        case "fact_order_items" -> factOrderItems(out);
        default -> {
          if (metrics == null) {
            metrics = new Metrics(accepted);
          }
          metrics.rows(table, out);
        }
      }
    }

    List<String> sortedRows(String table) {
      List<String> rows = new ArrayList<>();
      rows(table, rows::add);
      rows.sort(null);
      return rows;
    }

    /** Partition values first (order_year, order_month), then the columns inside the files. */
    private void factOrders(Consumer<String> out) {
      for (Order o : accepted) {
        YearMonth m = o.month();
        out.accept(canon(year(m), monthOfYear(m), o.orderId, o.customerId, o.country, o.signupDate,
            o.orderTs, o.paymentMethod, o.paymentStatus, money(o.paymentAmount), o.items.size(), o.quantity,
            money(o.orderTotal), o.additionalFields));
      }
    }

    private void factOrderItems(Consumer<String> out) {
      for (Order o : accepted) {
        YearMonth m = o.month();
        for (int i = 0; i < o.items.size(); i++) {
          Item item = o.items.get(i);
          out.accept(canon(year(m), monthOfYear(m), o.orderId, i + 1, o.customerId, item.productId,
              item.category, item.quantity, money(item.unitPrice), money(item.lineTotal)));
        }
      }
    }
  }

  /** The six metric tables, straight from the SPEC 2.2 rules: paid orders only, all accepted orders. */
  private static final class Metrics {
    final TreeMap<YearMonth, Long> paidOrders = new TreeMap<>();
    final TreeMap<YearMonth, BigDecimal> revenue = new TreeMap<>();
    /** (month, category) -> units, revenue. */
    final TreeMap<String, Long> categoryUnits = new TreeMap<>();
    final TreeMap<String, BigDecimal> categoryRevenue = new TreeMap<>();
    /** (month, country) -> customers; country ALL counts each customer once. */
    final TreeMap<String, Set<String>> activeByCountry = new TreeMap<>();
    /** customer -> months with a paid order. */
    final Map<String, TreeSet<YearMonth>> activeMonths = new HashMap<>();

    Metrics(List<Order> orders) {
      for (Order o : orders) {
        if (!o.paid()) {
          continue;
        }
        YearMonth m = o.month();
        paidOrders.merge(m, 1L, Long::sum);
        revenue.merge(m, o.orderTotal, BigDecimal::add);
        for (Item item : o.items) {
          String key = canon(m.toString(), item.category);
          categoryUnits.merge(key, (long) item.quantity, Long::sum);
          categoryRevenue.merge(key, item.lineTotal, BigDecimal::add);
        }
        activeByCountry.computeIfAbsent(canon(m.toString(), o.country), k -> new HashSet<>()).add(o.customerId);
        activeByCountry.computeIfAbsent(canon(m.toString(), "ALL"), k -> new HashSet<>()).add(o.customerId);
        activeMonths.computeIfAbsent(o.customerId, c -> new TreeSet<>()).add(m);
      }
    }

    void rows(String table, Consumer<String> out) {
      if (revenue.isEmpty()) {
        return;
      }
      YearMonth first = revenue.firstKey();
      YearMonth last = revenue.lastKey();
      switch (table) {
        case "monthly_revenue" -> revenue.forEach((m, r) -> {
          long n = paidOrders.get(m);
          out.accept(canon(m.toString(), n, money(r), money(r.divide(BigDecimal.valueOf(n), 2, RoundingMode.HALF_UP))));
        });
        case "revenue_mom" -> {
          BigDecimal running = ZERO;
          for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            BigDecimal now = revenue.getOrDefault(m, ZERO);
            BigDecimal prev = m.equals(first) ? null : revenue.getOrDefault(m.minusMonths(1), ZERO);
            BigDecimal growth = prev == null || prev.signum() == 0 ? null
                : now.subtract(prev).multiply(HUNDRED).divide(prev, 2, RoundingMode.HALF_UP);
            running = running.add(now);
            out.accept(canon(m.toString(), money(now), money(prev), money(growth), money(running)));
          }
        }
        case "category_sales_monthly" -> categoryUnits.forEach((key, units) -> {
          List<String> monthAndCategory = fromCanon(key);
          out.accept(canon(monthAndCategory.get(0), monthAndCategory.get(1), units,
              money(categoryRevenue.get(key))));
        });
        case "monthly_active_customers" -> activeByCountry.forEach((key, customers) -> {
          List<String> monthAndCountry = fromCanon(key);
          out.accept(canon(monthAndCountry.get(0), monthAndCountry.get(1), customers.size()));
        });
        case "cohort_retention" -> {
          // cohort month -> members active 0..6 months later (slot 0: the cohort's size)
          TreeMap<YearMonth, long[]> cohorts = new TreeMap<>();
          for (TreeSet<YearMonth> months : activeMonths.values()) {
            YearMonth cohort = months.first();
            long[] active = cohorts.computeIfAbsent(cohort, c -> new long[MAX_MONTHS_SINCE + 1]);
            for (int since = 0; since <= MAX_MONTHS_SINCE; since++) {
              if (months.contains(cohort.plusMonths(since))) {
                active[since]++;
              }
            }
          }
          cohorts.forEach((cohort, active) -> {
            for (int since = 0; since <= MAX_MONTHS_SINCE && !cohort.plusMonths(since).isAfter(last); since++) {
              out.accept(canon(cohort.toString(), since, active[0], active[since], percent(active[since], active[0])));
            }
          });
        }
        case "monthly_churn" -> {
          for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            long active = 0;
            long churned = 0;
            for (TreeSet<YearMonth> months : activeMonths.values()) {
              if (months.contains(m)) {
                active++;
                if (!months.contains(m.plusMonths(1))) {
                  churned++;
                }
              }
            }
            if (m.equals(last)) {
              out.accept(canon(m.toString(), active, null, null));
            } else {
              out.accept(canon(m.toString(), active, churned, active == 0 ? null : money(percent(churned, active))));
            }
          }
        }
        default -> throw new IllegalArgumentException("no table " + table);
      }
    }

    private static BigDecimal percent(long part, long whole) {
      return BigDecimal.valueOf(part).multiply(HUNDRED).divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
    }
  }

  private ReferenceOrdersAnalytics() {}

  /** Reads every landing file of one run over a fresh output. */
  static Result compute(Path landing) throws IOException {
    Result result = new Result();
    List<Path> files;
    try (Stream<Path> listing = Files.list(landing)) {
      files = listing.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith(".") && !f.getFileName().toString().startsWith("_"))
          .sorted(Comparator.comparing(Path::toString))
          .toList();
    }
    List<Order> valid = new ArrayList<>();
    for (Path file : files) {
      new FileReading(result, valid, file).read();
    }
    // duplicate: the first by (file, line), then position in the file, is kept.
    valid.sort(Comparator.comparing((Order o) -> o.path).thenComparingLong(o -> o.line)
        .thenComparingLong(o -> o.position));
    Set<String> ids = new HashSet<>();
    for (Order o : valid) {
      if (ids.add(o.orderId)) {
        result.accepted.add(o);
      } else {
        rowDeadLetter(result, o.fileName, o.line, "duplicate");
      }
    }
    return result;
  }

  private static void fileDeadLetter(Result result, String name, String type) {
    result.deadLetters.add(new DeadLetterKey(name, 0, type));
    result.filesRejectedByType.merge(type, 1L, Long::sum);
  }

  private static void rowDeadLetter(Result result, String name, long line, String type) {
    result.deadLetters.add(new DeadLetterKey(name, line, type));
    result.rowDeadLettersByType.merge(type, 1L, Long::sum);
  }

  /** Raised by a check; its message is the error_type. */
  private static final class Rejected extends Exception {
    Rejected(String errorType) {
      super(errorType, null, false, false);
    }
  }

  /** One landing file being read. */
  private static final class FileReading {
    private final Result result;
    private final List<Order> valid;
    private final Path file;
    private final String name;
    private long position;

    FileReading(Result result, List<Order> valid, Path file) {
      this.result = result;
      this.valid = valid;
      this.file = file;
      this.name = file.getFileName().toString();
    }

    void read() throws IOException {
      String lower = name.toLowerCase(Locale.ROOT);
      boolean gzip = lower.endsWith(".gz");
      String inner = gzip ? lower.substring(0, lower.length() - 3) : lower;
      if (ENDINGS.stream().noneMatch(inner::endsWith)) {
        fileDeadLetter(result, name, "wrong_file_type");
        return;
      }
      byte[] bytes = Files.readAllBytes(file);
      boolean brokenGzip = false;
      if (gzip) {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
          byte[] buffer = new byte[8192];
          for (int n; (n = in.read(buffer)) > 0; ) {
            plain.write(buffer, 0, n);
          }
        } catch (IOException e) {
          brokenGzip = true;
        }
        bytes = plain.toByteArray();
      }
      String text = new String(bytes, StandardCharsets.UTF_8);
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      // A cut .gz: everything decompressed before the cut is read, the cut line too (README).
      if (text.stripLeading().startsWith("[")) {
        array(text);
      } else {
        lines(text);
      }
      if (brokenGzip) {
        fileDeadLetter(result, name, "malformed");
      }
    }

    private void lines(String text) {
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
          node = null;
        }
        order(i + 1, node);
      }
    }

    /** One JSON array; a break in it is one malformed entry at line 0, the orders before it stand. */
    private void array(String text) throws IOException {
      try (JsonParser parser = JSON.getFactory().createParser(text)) {
        parser.nextToken();
        while (true) {
          JsonToken token = parser.nextToken();
          if (token == JsonToken.END_ARRAY) {
            break;
          }
          if (token == null) {
            fileDeadLetter(result, name, "malformed");
            return;
          }
          long line = parser.currentTokenLocation().getLineNr();
          order(line, ELEMENT.readValue(parser));
        }
        if (parser.nextToken() != null) {
          fileDeadLetter(result, name, "malformed");
        }
      } catch (JsonProcessingException e) {
        fileDeadLetter(result, name, "malformed");
      }
    }

    private void order(long line, JsonNode node) {
      result.ordersRead++;
      position++;
      if (node == null || !node.isObject()) {
        rowDeadLetter(result, name, line, "malformed");
        return;
      }
      try {
        Order o = validate(node);
        o.path = file.toString();
        o.fileName = name;
        o.line = line;
        o.position = position;
        valid.add(o);
      } catch (Rejected e) {
        rowDeadLetter(result, name, line, e.getMessage());
      }
    }
  }

  /**
   * SPEC 2.1 checks: every missing_value check (absent, null, empty or blank) before any
   * invalid_value check. A customer, payment or item that is not an object has no fields.
   */
  static Order validate(JsonNode node) throws Rejected {
    JsonNode customer = objectOrEmpty(node.get("customer"));
    JsonNode payment = objectOrEmpty(node.get("payment"));
    JsonNode items = node.get("items");
    List<JsonNode> required = new ArrayList<>(List.of(node.path("order_id"), node.path("order_ts"),
        customer.path("customer_id"), payment.path("status"), items == null ? node.path("items") : items));
    if (items != null && items.isArray()) {
      for (JsonNode item : items) {
        JsonNode fields = objectOrEmpty(item);
        required.addAll(List.of(fields.path("product_id"), fields.path("quantity"), fields.path("unit_price")));
      }
    }
    for (JsonNode value : required) {
      if (missing(value)) {
        throw new Rejected("missing_value");
      }
    }

    Order o = new Order();
    o.orderId = scalar(node.get("order_id"));
    o.orderTs = timestamp(scalar(node.get("order_ts")));
    o.customerId = scalar(customer.get("customer_id"));
    String country = optionalScalar(customer.get("country"));
    o.country = country == null ? "UNKNOWN" : country.trim().toUpperCase(Locale.ROOT);
    String signup = optionalScalar(customer.get("signup_date"));
    o.signupDate = signup == null ? null : date(signup);
    o.paymentMethod = optionalScalar(payment.get("method"));
    o.paymentStatus = scalar(payment.get("status")).trim().toLowerCase(Locale.ROOT);
    String amount = optionalScalar(payment.get("amount"));
    o.paymentAmount = amount == null ? null : money(amount);
    if (!items.isArray() || items.isEmpty()) {
      throw new Rejected("invalid_value");
    }
    for (JsonNode element : items) {
      Item item = new Item();
      item.productId = scalar(element.get("product_id"));
      String category = optionalScalar(element.get("category"));
      item.category = category == null ? "uncategorized" : category;
      item.quantity = quantity(scalar(element.get("quantity")));
      item.unitPrice = money(scalar(element.get("unit_price")));
      if (item.unitPrice.signum() < 0) {
        throw new Rejected("invalid_value");
      }
      item.lineTotal = item.unitPrice.multiply(BigDecimal.valueOf(item.quantity));
      o.items.add(item);
      o.quantity += item.quantity;
      o.orderTotal = o.orderTotal.add(item.lineTotal);
    }
    fitsDecimal18(o.orderTotal);
    ObjectNode extras = JSON.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!TOP_LEVEL.contains(field.getKey())) {
        extras.set(field.getKey(), field.getValue());
      }
    }
    o.additionalFields = canonicalJson(extras);
    return o;
  }

  private static JsonNode objectOrEmpty(JsonNode node) {
    return node != null && node.isObject() ? node : JSON.createObjectNode();
  }

  private static boolean missing(JsonNode value) {
    return value.isMissingNode() || value.isNull() || (value.isTextual() && value.textValue().isBlank());
  }

  /** A present value's text: a JSON number as its plain decimal text; an object or array is invalid. */
  private static String scalar(JsonNode value) throws Rejected {
    if (value.isContainerNode()) {
      throw new Rejected("invalid_value");
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue().toString();
    }
    if (value.isNumber()) {
      return value.decimalValue().toPlainString();
    }
    return value.asText();
  }

  /** An optional value: null when absent, null or blank. */
  private static String optionalScalar(JsonNode value) throws Rejected {
    return value == null || missing(value) ? null : scalar(value);
  }

  private static Instant timestamp(String text) throws Rejected {
    Matcher m = TIMESTAMP.matcher(text.trim());
    if (!m.matches()) {
      throw new Rejected("invalid_value");
    }
    try {
      LocalDate day = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)));
      LocalDateTime local = day.atStartOfDay();
      if (m.group(4) != null) {
        int seconds = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
        // A fraction finer than microseconds is cut (README).
        String fraction = m.group(7) == null ? "" : m.group(7);
        int micros = Integer.parseInt((fraction + "000000").substring(0, 6));
        local = day.atTime(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), seconds, micros * 1000);
      }
      ZoneOffset offset = m.group(8) == null ? ZoneOffset.UTC : ZoneOffset.of(m.group(8));
      Instant instant = local.toInstant(offset);
      int year = instant.atOffset(ZoneOffset.UTC).getYear();
      if (year < 1 || year > 9999) {
        throw new Rejected("invalid_value");
      }
      return instant;
    } catch (DateTimeException e) {
      throw new Rejected("invalid_value");
    }
  }

  private static LocalDate date(String text) throws Rejected {
    Matcher m = DATE.matcher(text.trim());
    if (!m.matches()) {
      throw new Rejected("invalid_value");
    }
    try {
      return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    } catch (DateTimeException e) {
      throw new Rejected("invalid_value");
    }
  }

  /** {@code [+-]digits[.digits]}, HALF_UP to cents, within DECIMAL(18,2). */
  private static BigDecimal money(String text) throws Rejected {
    String t = text.trim();
    if (!DECIMAL.matcher(t).matches()) {
      throw new Rejected("invalid_value");
    }
    BigDecimal value = new BigDecimal(t).setScale(2, RoundingMode.HALF_UP);
    fitsDecimal18(value);
    return value;
  }

  private static void fitsDecimal18(BigDecimal value) throws Rejected {
    if (value.precision() - value.scale() > 16) {
      throw new Rejected("invalid_value");
    }
  }

  /** A positive whole number ({@code 3} or {@code "3"}, not {@code 2.0}) that fits an int. */
  private static int quantity(String text) throws Rejected {
    String t = text.trim();
    if (!INTEGER.matcher(t).matches()) {
      throw new Rejected("invalid_value");
    }
    BigDecimal value = new BigDecimal(t);
    if (value.signum() <= 0 || value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
      throw new Rejected("invalid_value");
    }
    return value.intValueExact();
  }

  static String money(BigDecimal amount) {
    return amount == null ? null : amount.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
  }

  private static String year(YearMonth m) {
    return String.format(Locale.ROOT, "%04d", m.getYear());
  }

  private static String monthOfYear(YearMonth m) {
    return String.format(Locale.ROOT, "%02d", m.getMonthValue());
  }

  /** A row as one comparable string: a JSON array of its values as text (null stays null). */
  static String canon(Object... values) {
    List<String> texts = new ArrayList<>(values.length);
    for (Object v : values) {
      texts.add(v == null ? null : v.toString());
    }
    try {
      return JSON.writeValueAsString(texts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> fromCanon(String row) {
    try {
      return JSON.readerForListOf(String.class).readValue(row);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON value as text with keys sorted at every level, so key order does not matter. */
  static String canonicalJson(JsonNode node) {
    try {
      return SORTED_KEYS.writeValueAsString(JSON.treeToValue(node, Object.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code LANDING [OUT]}: computes every table; with OUT writes each as {@code OUT/<table>.jsonl}. */
  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: ReferenceOrdersAnalytics LANDING [OUT]");
      System.exit(2);
    }
    Result result = compute(Paths.get(args[0]));
    Path out = args.length == 2 ? Paths.get(args[1]) : null;
    if (out != null) {
      Files.createDirectories(out);
    }
    Map<String, Long> rows = new TreeMap<>();
    for (String table : TABLES) {
      long[] n = {0};
      if (out == null) {
        result.rows(table, row -> n[0]++);
      } else {
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(out.resolve(table + ".jsonl")), 1 << 16)) {
          result.rows(table, row -> {
            try {
              w.write(row);
              w.write('\n');
              n[0]++;
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
        }
      }
      rows.put(table, n[0]);
    }
    long deadLetters = result.rowDeadLettersByType.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("reference: %d orders read: %d valid, %d dead letters %s; files rejected whole: %s; rows %s%n",
        result.ordersRead, result.accepted.size(), deadLetters, result.rowDeadLettersByType,
        result.filesRejectedByType, rows);
  }
}
