package io.salespipelines.pipelines.salesmarts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A deliberately plain, single-threaded reading of SPEC 1.1–1.3 for {@code sales-marts}, written
 * without any project code, so that the job can be held against it. It reads the landing folder
 * and the dimension CSVs and computes the valid rows, the dead letters and every output table, as
 * canonical strings (see {@link #canon}).
 */
final class ReferenceSalesMarts {
  static final ObjectMapper JSON = new ObjectMapper()
      .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final ObjectMapper SORTED_KEYS =
      JSON.copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  static final BigDecimal INCENTIVE_RATE = new BigDecimal("0.01");

  private static final List<String> DATA_ENDINGS = List.of(".csv", ".json", ".jsonl", ".ndjson");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d+(\\.\\d+)?");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Pattern DATE_ONLY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  /** Every column SPEC 1.1 names; anything else is an extra kept in additional_columns. */
  private static final Set<String> KNOWN = Set.of("transaction_id", "customer_id", "store_id",
      "product_id", "product_name", "sales_person_id", "sales_date", "price", "quantity",
      "total_cost");

  /** One dead letter, as far as this test compares them: where and which error_type. */
  record DeadLetterKey(String fileName, long line, String errorType) {
    @Override
    public String toString() {
      return fileName + ":" + line + " " + errorType;
    }
  }

  /** One row that passed every check. */
  static final class Sale {
    String transactionId;
    String path;
    String fileName;
    long line;
    String customerId;
    String storeId;
    String productId;
    String salesPersonId;
    LocalDate salesDate;
    BigDecimal totalCost;
    /** The extras as a JSON object; values are the raw CSV text or the JSON value. */
    ObjectNode additional;
  }

  /** Dimension rows: key to attribute name to value. */
  static final class Dims {
    final Map<String, Map<String, String>> stores;
    final Map<String, Map<String, String>> customers;
    final Map<String, Map<String, String>> salesTeam;
    final Map<String, Map<String, String>> products;
    /** Lower-cased products.name to product_id. */
    final Map<String, String> productIdByLowerName = new HashMap<>();

    Dims(Path dir) throws IOException {
      stores = readDimension(dir.resolve("stores.csv"), "store_id");
      customers = readDimension(dir.resolve("customers.csv"), "customer_id");
      salesTeam = readDimension(dir.resolve("sales_team.csv"), "id");
      products = readDimension(dir.resolve("products.csv"), "product_id");
      for (Map.Entry<String, Map<String, String>> p : products.entrySet()) {
        productIdByLowerName.put(p.getValue().get("name").toLowerCase(Locale.ROOT), p.getKey());
      }
    }
  }

  /** Everything the reference expects from one run over a fresh output. */
  static final class Result {
    Dims dims;
    final List<Sale> valid = new ArrayList<>();
    final List<DeadLetterKey> deadLetters = new ArrayList<>();
    final Map<String, Long> rowDeadLettersByType = new TreeMap<>();
    final Map<String, Long> filesRejectedByType = new TreeMap<>();
    long rowsRead;
    /** The data files that were read (not rejected whole), by name. */
    final List<String> filesRead = new ArrayList<>();

    long deadLetterRows() {
      return rowDeadLettersByType.values().stream().mapToLong(Long::longValue).sum();
    }

    Map<String, Sale> validById() {
      Map<String, Sale> byId = new HashMap<>();
      for (Sale s : valid) {
        byId.put(s.transactionId, s);
      }
      return byId;
    }

    List<String> storeProductSales() {
      Map<List<String>, BigDecimal> sums = new HashMap<>();
      Map<List<String>, Long> counts = new HashMap<>();
      for (Sale s : valid) {
        List<String> key = List.of(s.storeId, s.productId);
        sums.merge(key, s.totalCost, BigDecimal::add);
        counts.merge(key, 1L, Long::sum);
      }
      List<String> rows = new ArrayList<>();
      sums.forEach((key, sum) -> {
        Map<String, String> store = dims.stores.get(key.get(0));
        rows.add(canon(key.get(0), store.get("store_name"), store.get("location"), key.get(1),
            money(sum), counts.get(key)));
      });
      return sorted(rows);
    }

    List<String> customerMart() {
      List<String> rows = new ArrayList<>();
      for (Sale s : valid) {
        Map<String, String> c = dims.customers.get(s.customerId);
        rows.add(canon(s.transactionId, s.customerId, c.get("first_name"), c.get("last_name"),
            c.get("address"), c.get("pincode"), c.get("phone_number"), s.salesDate.toString(),
            money(s.totalCost), canonicalJson(s.additional)));
      }
      return sorted(rows);
    }

    /** Partition values first: sales_month, store_id, then the columns inside the files. */
    List<String> salesTeamMart() {
      List<String> rows = new ArrayList<>();
      for (Sale s : valid) {
        Map<String, String> p = dims.salesTeam.get(s.salesPersonId);
        rows.add(canon(yearMonth(s.salesDate), s.storeId, s.transactionId, s.salesPersonId,
            p.get("first_name"), p.get("last_name"), s.salesDate.toString(), money(s.totalCost)));
      }
      return sorted(rows);
    }

    List<String> customerMonthlySpend() {
      Map<List<Object>, BigDecimal> sums = new HashMap<>();
      for (Sale s : valid) {
        sums.merge(List.of(s.customerId, s.salesDate.getYear(), s.salesDate.getMonthValue()),
            s.totalCost, BigDecimal::add);
      }
      List<String> rows = new ArrayList<>();
      sums.forEach((key, sum) -> {
        Map<String, String> c = dims.customers.get((String) key.get(0));
        rows.add(canon(key.get(0), c.get("first_name"), c.get("last_name"), key.get(1),
            key.get(2), money(sum)));
      });
      return sorted(rows);
    }

    List<String> salesTeamIncentive() {
      // (store, person, year, month) -> total
      Map<List<Object>, BigDecimal> sums = new HashMap<>();
      for (Sale s : valid) {
        sums.merge(List.of(s.storeId, s.salesPersonId, s.salesDate.getYear(),
            s.salesDate.getMonthValue()), s.totalCost, BigDecimal::add);
      }
      // (store, year, month) -> highest total
      Map<List<Object>, BigDecimal> top = new HashMap<>();
      sums.forEach((key, sum) ->
          top.merge(List.of(key.get(0), key.get(2), key.get(3)), sum, BigDecimal::max));
      List<String> rows = new ArrayList<>();
      sums.forEach((key, sum) -> {
        Map<String, String> p = dims.salesTeam.get((String) key.get(1));
        boolean isTop = sum.compareTo(top.get(List.of(key.get(0), key.get(2), key.get(3)))) == 0;
        BigDecimal incentive = isTop
            ? sum.multiply(INCENTIVE_RATE).setScale(2, RoundingMode.HALF_UP)
            : BigDecimal.ZERO.setScale(2);
        rows.add(canon(key.get(0), key.get(1), p.get("first_name"), p.get("last_name"),
            key.get(2), key.get(3), money(sum), money(incentive)));
      });
      return sorted(rows);
    }
  }

  private ReferenceSalesMarts() {}

  static Result compute(Path landing, Path dimensions) throws IOException {
    Result result = new Result();
    result.dims = new Dims(dimensions);
    List<Sale> candidates = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> listing = Files.list(landing)) {
      files = listing.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (name.startsWith(".") || name.startsWith("_")) {
        continue;
      }
      String lower = name.toLowerCase(Locale.ROOT);
      boolean gzip = lower.endsWith(".gz");
      String inner = gzip ? lower.substring(0, lower.length() - 3) : lower;
      String ending = DATA_ENDINGS.stream().filter(inner::endsWith).findFirst().orElse(null);
      if (ending == null) {
        fileDeadLetter(result, name, "wrong_file_type");
        continue;
      }
      String text = readText(file, gzip);
      FileReading reading = new FileReading(result, candidates, file, name);
      if (ending.equals(".csv")) {
        reading.csv(text);
      } else {
        reading.jsonLines(text);
      }
    }
    // duplicate: the first by (source file path, line number) is kept.
    candidates.sort(Comparator.comparing((Sale s) -> s.path).thenComparingLong(s -> s.line));
    Set<String> accepted = new HashSet<>();
    for (Sale s : candidates) {
      if (accepted.add(s.transactionId)) {
        result.valid.add(s);
      } else {
        rowDeadLetter(result, s.fileName, s.line, "duplicate");
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

  private static String readText(Path file, boolean gzip) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (gzip) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
        bytes = in.readAllBytes();
      }
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /** Lower case, aliases resolved: the SPEC 1.1 name of a column header or JSON key. */
  static String canonicalColumn(String header) {
    String name = header.trim().toLowerCase(Locale.ROOT);
    return switch (name) {
      case "sales_amount" -> "total_cost";
      case "timestamp" -> "sales_date";
      default -> name;
    };
  }

  /** The mandatory columns lacking from a set of canonical column names, in SPEC order. */
  static List<String> missingMandatory(Set<String> columns) {
    List<String> missing = new ArrayList<>();
    for (String c : List.of("customer_id", "store_id", "product_id", "sales_person_id",
        "sales_date", "price", "quantity", "total_cost")) {
      if (c.equals("product_id")) {
        if (!columns.contains("product_id") && !columns.contains("product_name")) {
          missing.add("product_id or product_name");
        }
      } else if (!columns.contains(c)) {
        missing.add(c);
      }
    }
    return missing;
  }

  /** One landing data file being read. */
  private static final class FileReading {
    private final Result result;
    private final List<Sale> candidates;
    private final String path;
    private final String name;

    FileReading(Result result, List<Sale> candidates, Path file, String name) {
      this.result = result;
      this.candidates = candidates;
      this.path = file.toString();
      this.name = name;
    }

    void csv(String text) {
      List<CsvRec> records = parseCsv(text);
      if (records.isEmpty()) {
        result.filesRead.add(name);
        return; // empty file
      }
      CsvRec header = records.get(0);
      Map<String, Integer> index = new LinkedHashMap<>();
      Map<String, Integer> extras = new LinkedHashMap<>();
      for (int i = 0; i < header.fields.size(); i++) {
        String canonical = canonicalColumn(header.fields.get(i));
        if (KNOWN.contains(canonical)) {
          index.putIfAbsent(canonical, i);
        } else {
          extras.put(header.fields.get(i).trim(), i);
        }
      }
      if (!missingMandatory(index.keySet()).isEmpty()) {
        fileDeadLetter(result, name, "bad_schema");
        return;
      }
      result.filesRead.add(name);
      for (CsvRec rec : records.subList(1, records.size())) {
        result.rowsRead++;
        if (rec.problem != null || rec.fields.size() != header.fields.size()) {
          rowDeadLetter(result, name, rec.line, "malformed");
          continue;
        }
        Map<String, String> values = new HashMap<>();
        index.forEach((column, i) -> values.put(column, rec.fields.get(i)));
        ObjectNode additional = JSON.createObjectNode();
        extras.forEach((column, i) -> additional.put(column, rec.fields.get(i)));
        validate(rec.line, values, additional);
      }
    }

    void jsonLines(String text) {
      result.filesRead.add(name);
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].endsWith("\r")
            ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
        if (line.trim().isEmpty()) {
          continue;
        }
        long lineNo = i + 1;
        result.rowsRead++;
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (IOException e) {
          node = null;
        }
        if (node == null || !node.isObject()) {
          rowDeadLetter(result, name, lineNo, "malformed");
          continue;
        }
        Map<String, String> values = new HashMap<>();
        ObjectNode additional = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          String canonical = canonicalColumn(e.getKey());
          if (KNOWN.contains(canonical)) {
            if (!values.containsKey(canonical)) {
              values.put(canonical, jsonText(e.getValue())); // JSON null: present, value null
            }
          } else {
            additional.set(e.getKey(), e.getValue());
          }
        }
        if (!missingMandatory(values.keySet()).isEmpty()) {
          rowDeadLetter(result, name, lineNo, "bad_schema");
          continue;
        }
        validate(lineNo, values, additional);
      }
    }

    /** Checks missing_value .. unknown_sales_person; a row that passes is a dedup candidate. */
    private void validate(long line, Map<String, String> v, ObjectNode additional) {
      boolean byName = !v.containsKey("product_id");
      String productColumn = byName ? "product_name" : "product_id";
      for (String c : List.of("customer_id", "store_id", productColumn, "sales_person_id",
          "sales_date", "price", "quantity", "total_cost")) {
        String value = v.get(c);
        if (value == null || value.isEmpty()) {
          rowDeadLetter(result, name, line, "missing_value");
          return;
        }
      }
      LocalDate date = parseDate(v.get("sales_date"));
      BigDecimal price = parseAmount(v.get("price"));
      Long quantity = parseQuantity(v.get("quantity"));
      BigDecimal total = parseAmount(v.get("total_cost"));
      if (date == null || price == null || quantity == null || total == null) {
        rowDeadLetter(result, name, line, "invalid_value");
        return;
      }
      Dims dims = result.dims;
      String productId = byName
          ? dims.productIdByLowerName.get(v.get("product_name").toLowerCase(Locale.ROOT))
          : v.get("product_id");
      String failure = !dims.stores.containsKey(v.get("store_id")) ? "unknown_store"
          : !dims.customers.containsKey(v.get("customer_id")) ? "unknown_customer"
          : productId == null || !dims.products.containsKey(productId) ? "unknown_product"
          : !dims.salesTeam.containsKey(v.get("sales_person_id")) ? "unknown_sales_person"
          : null;
      if (failure != null) {
        rowDeadLetter(result, name, line, failure);
        return;
      }
      Sale s = new Sale();
      String id = v.get("transaction_id");
      s.transactionId = id == null || id.isEmpty() ? name + ":" + line : id;
      s.path = path;
      s.fileName = name;
      s.line = line;
      s.customerId = v.get("customer_id");
      s.storeId = v.get("store_id");
      s.productId = productId;
      s.salesPersonId = v.get("sales_person_id");
      s.salesDate = date;
      s.totalCost = total;
      s.additional = additional;
      candidates.add(s);
    }
  }

  /** The text of a JSON value as a CSV would hold it; null for JSON null. */
  private static String jsonText(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    if (node.isNumber()) {
      return node.decimalValue().toString();
    }
    return node.isValueNode() ? node.asText() : node.toString();
  }

  /** {@code [+-]digits[.digits]} after trim, HALF_UP to cents, > 0; else null. */
  static BigDecimal parseAmount(String text) {
    String t = text.trim();
    if (!DECIMAL.matcher(t).matches()) {
      return null;
    }
    BigDecimal value = new BigDecimal(t).setScale(2, RoundingMode.HALF_UP);
    return value.signum() > 0 ? value : null;
  }

  static Long parseQuantity(String text) {
    String t = text.trim();
    if (!INTEGER.matcher(t).matches()) {
      return null;
    }
    BigDecimal value = new BigDecimal(t);
    return value.signum() > 0 && value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
        ? value.longValueExact() : null;
  }

  /** yyyy-MM-dd, or an ISO-8601 date-time counted on its UTC date (no offset = UTC). */
  static LocalDate parseDate(String text) {
    String t = text.trim();
    try {
      if (DATE_ONLY.matcher(t).matches()) {
        return LocalDate.parse(t, DateTimeFormatter.ISO_LOCAL_DATE);
      }
    } catch (DateTimeParseException e) {
      return null;
    }
    try {
      return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
    } catch (DateTimeParseException e) {
      // try without offset
    }
    try {
      return LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toLocalDate();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** One CSV record: its first physical line, fields, and a quoting problem if any. */
  static final class CsvRec {
    long line;
    final List<String> fields = new ArrayList<>();
    String problem;
  }

  /**
   * RFC 4180, by hand: quoted fields may hold commas, doubled quotes and line breaks; a quote in an
   * unquoted field, text after a closing quote, or a quote never closed is a problem. Blank lines
   * yield no record. Lines are counted physically (LF, CRLF or CR).
   */
  static List<CsvRec> parseCsv(String text) {
    List<CsvRec> records = new ArrayList<>();
    int n = text.length();
    int i = 0;
    long line = 1;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') { // blank line
        i = skipLineEnd(text, i);
        line++;
        continue;
      }
      CsvRec rec = new CsvRec();
      rec.line = line;
      while (true) {
        StringBuilder field = new StringBuilder();
        if (i < n && text.charAt(i) == '"') {
          i++;
          boolean closed = false;
          while (i < n) {
            char q = text.charAt(i);
            if (q == '"') {
              if (i + 1 < n && text.charAt(i + 1) == '"') {
                field.append('"');
                i += 2;
              } else {
                i++;
                closed = true;
                break;
              }
            } else {
              if (q == '\n' || (q == '\r' && !(i + 1 < n && text.charAt(i + 1) == '\n'))) {
                line++;
              }
              field.append(q);
              i++;
            }
          }
          rec.fields.add(field.toString());
          if (!closed) {
            rec.problem = "quoted field never closed";
            break;
          }
        } else {
          while (i < n) {
            char u = text.charAt(i);
            if (u == ',' || u == '\n' || u == '\r') {
              break;
            }
            if (u == '"') {
              rec.problem = "stray quote in unquoted field";
            }
            field.append(u);
            i++;
          }
          rec.fields.add(field.toString());
        }
        if (i >= n) {
          break;
        }
        char d = text.charAt(i);
        if (d == ',') {
          i++;
          continue;
        }
        if (d != '\n' && d != '\r') {
          rec.problem = "text after a closing quote";
          while (i < n && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
            i++;
          }
          if (i >= n) {
            break;
          }
        }
        i = skipLineEnd(text, i);
        line++;
        break;
      }
      records.add(rec);
    }
    return records;
  }

  private static int skipLineEnd(String text, int i) {
    if (text.charAt(i) == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
      return i + 2;
    }
    return i + 1;
  }

  private static Map<String, Map<String, String>> readDimension(Path file, String key)
      throws IOException {
    Map<String, Map<String, String>> rows = new HashMap<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(reader)) {
      List<String> header = null;
      for (CsvRecord rec : csv) {
        if (header == null) {
          header = rec.getFields().stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
          continue;
        }
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < header.size() && i < rec.getFieldCount(); i++) {
          row.put(header.get(i), rec.getField(i));
        }
        rows.putIfAbsent(row.get(key), row);
      }
    }
    return rows;
  }

  static String money(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
  }

  static String yearMonth(LocalDate date) {
    return String.format(Locale.ROOT, "%04d-%02d", date.getYear(), date.getMonthValue());
  }

  /** A row as one comparable string: a JSON array of its values (numbers as text). */
  static String canon(Object... values) {
    List<String> texts = new ArrayList<>();
    for (Object v : values) {
      texts.add(v == null ? null : v.toString());
    }
    try {
      return JSON.writeValueAsString(texts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON object as text with keys sorted at every level, so key order does not matter. */
  static String canonicalJson(JsonNode node) {
    try {
      return SORTED_KEYS.writeValueAsString(JSON.treeToValue(node, Object.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> sorted(List<String> rows) {
    rows.sort(null);
    return rows;
  }
}
