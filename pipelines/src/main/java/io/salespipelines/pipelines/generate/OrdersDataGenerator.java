package io.salespipelines.pipelines.generate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.salespipelines.pipelines.generate.GenerateSummary.FileEntry;
import io.salespipelines.schemas.ErrorType;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.SplittableRandom;

/**
 * {@code generate --dataset=orders}: deterministic monthly order files for {@code orders-analytics}
 * (SPEC 4) under {@code <output>/landing/}, {@code orders_YYYY_MM.json} (some gzip, some JSON
 * arrays), plus the files that test the file-level rules, and {@code _generator.json}. Orders are
 * streamed, one at a time, so any {@code rows} runs in constant memory.
 */
public final class OrdersDataGenerator {
  private static final int DEFAULT_MONTHS = 12;
  /** Enough ids for duplicates to point all over the run, small enough to not matter. */
  private static final int RESERVOIR_SIZE = 1024;

  private OrdersDataGenerator() {}

  public static OrdersSummary generate(OrdersGenerateOptions o) throws IOException {
    validate(o);
    int months = o.months > 0 ? o.months : DEFAULT_MONTHS;
    int customers = o.customers > 0 ? o.customers : (int) Math.max(20, Math.min(Integer.MAX_VALUE, o.rows / 6));
    YearMonth first = YearMonth.parse(o.firstMonth);
    SplittableRandom rng = new SplittableRandom(o.seed);
    Output out = new Output(o.output);

    OrdersSummary summary = new OrdersSummary();
    summary.seed = o.seed;
    summary.customers = customers;
    for (ErrorType type : OrderDefects.ORDER_LEVEL) {
      summary.badOrdersByType.put(type.code(), 0L);
    }
    new MonthlyFiles(out, new OrderFactory(rng.split(), customers, months, first), rng.split(), summary)
        .write(o.rows, Math.round(o.rows * o.badRate), months, first);
    writeExtras(out, summary);
    writeSummary(out, summary);
    return summary;
  }

  private static void validate(OrdersGenerateOptions o) {
    require(o.output != null && !o.output.isBlank(), "output is required");
    require(o.rows >= 0, "rows must be >= 0");
    require(o.badRate >= 0 && o.badRate <= 1, "badRate must be between 0 and 1");
    require(o.months >= 0, "months must be >= 0");
    require(o.customers >= 0, "customers must be >= 0");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Streams the orders into one file per month, counting what each was meant to become. */
  private static final class MonthlyFiles {
    private final Output out;
    private final OrderFactory factory;
    private final SplittableRandom rng;
    private final OrdersSummary summary;
    private final DuplicateReservoir goodIds = new DuplicateReservoir(RESERVOIR_SIZE);
    private final OrderDefects defects;
    private long remainingOrders;
    private long remainingBad;
    private long sequence;
    private long paidCents;
    private long goodCents;

    MonthlyFiles(Output out, OrderFactory factory, SplittableRandom rng, OrdersSummary summary) {
      this.out = out;
      this.factory = factory;
      this.rng = rng;
      this.summary = summary;
      this.defects = new OrderDefects(rng, goodIds);
    }

    /** Later months are busier: month m gets a share of {@code 10 + m} in {@code Σ (10 + m)}. */
    void write(long rows, long bad, int months, YearMonth first) throws IOException {
      remainingOrders = rows;
      remainingBad = bad;
      long weights = 10L * months + (long) months * (months - 1) / 2;
      long before = 0;
      long cumulative = 0;
      for (int m = 0; m < months; m++) {
        cumulative += 10 + m;
        long upTo = Math.round((double) rows * cumulative / weights);
        writeMonth(m, first.plusMonths(m), upTo - before);
        before = upTo;
      }
      summary.paidRevenue = BigDecimal.valueOf(paidCents, 2);
      summary.goodOrderTotal = BigDecimal.valueOf(goodCents, 2);
    }

    private void writeMonth(int index, YearMonth month, long orders) throws IOException {
      OrderFileLayout layout = OrderFileLayout.forMonth(index);
      OrdersSummary.DataFile file = new OrdersSummary.DataFile();
      file.month = month.toString();
      file.name = String.format("orders_%04d_%02d", month.getYear(), month.getMonthValue()) + layout.extension();
      file.layout = layout.code;
      file.gzip = layout.gzip;
      try (OrderFileLayout.Sink sink = layout.open(out.createMaybeGzip("landing/" + file.name))) {
        for (long i = 0; i < orders; i++) {
          OrderFactory.Made made = factory.make(++sequence, index);
          if (drawBad()) {
            OrderDefects.Bad bad = defects.breakOrder(made.json, layout);
            if (bad.line() != null) {
              sink.writeLine(bad.line());
            } else {
              sink.write(bad.json());
            }
            summary.badOrdersByType.merge(bad.type().code(), 1L, Long::sum);
            file.badOrders++;
          } else {
            sink.write(made.json);
            goodIds.offer(made.id, rng);
            file.goodOrders++;
            file.goodItems += made.items;
            goodCents += made.totalCents;
            if (made.paid) {
              summary.paidOrders++;
              paidCents += made.totalCents;
            }
          }
          file.orders++;
        }
      }
      summary.orders += file.orders;
      summary.goodOrders += file.goodOrders;
      summary.goodItems += file.goodItems;
      summary.dataFiles.add(file);
    }

    /** Selection sampling: exactly the planned number of bad orders, spread evenly over the run. */
    private boolean drawBad() {
      boolean bad = rng.nextLong(remainingOrders) < remainingBad;
      remainingOrders--;
      if (bad) {
        remainingBad--;
      }
      return bad;
    }
  }

  /**
   * Files that hold no orders, each testing one file-level rule. The unread ones hold orders that
   * would be valid, so a job that reads them by mistake ends up with more valid orders than planned.
   */
  private static void writeExtras(Output out, OrdersSummary summary) throws IOException {
    String stray = "{\"order_id\":\"X-1\",\"order_ts\":\"2025-01-01\",\"customer\":{\"customer_id\":\"C-X\"},"
        + "\"payment\":{\"status\":\"paid\"},\"items\":[{\"product_id\":\"P-X\",\"quantity\":1,\"unit_price\":\"1.00\"}]}\n";
    write(out, "landing/orders_export.csv", "order_id,order_ts\nX-2,2025-01-01\n");
    summary.fileEntries.add(new FileEntry("orders_export.csv", "dead_letter", ErrorType.WRONG_FILE_TYPE.code(),
        "not a .json/.jsonl/.ndjson ending"));
    // Plain text behind a .gz name: a lenient reader would take its order, the job must not.
    write(out, "landing/orders_corrupt.json.gz", stray);
    summary.fileEntries.add(new FileEntry("orders_corrupt.json.gz", "dead_letter", ErrorType.MALFORMED.code(),
        "a .gz file that does not decompress: one malformed at line 0"));
    write(out, "landing/orders_empty.json", "");
    summary.fileEntries.add(new FileEntry("orders_empty.json", "no_rows", null, "empty file"));
    write(out, "landing/_manifest.json", "{\"files\":" + summary.dataFiles.size() + "}\n");
    summary.fileEntries.add(new FileEntry("_manifest.json", "ignored", null, "name starts with _"));
    write(out, "landing/.hidden.json", stray);
    summary.fileEntries.add(new FileEntry(".hidden.json", "ignored", null, "name starts with ."));
    write(out, "landing/processed/orders_old.json", stray);
    summary.fileEntries.add(new FileEntry("processed/orders_old.json", "not_read", null, "in a sub-folder"));
    for (FileEntry entry : summary.fileEntries) {
      if (entry.errorType != null) {
        summary.fileDeadLetters.merge(entry.errorType, 1L, Long::sum);
      }
    }
  }

  private static void write(Output out, String relative, String text) throws IOException {
    try (OutputStream stream = out.create(relative)) {
      stream.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void writeSummary(Output out, OrdersSummary summary) throws IOException {
    ObjectMapper mapper = new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
        .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    try (OutputStream stream = out.create("_generator.json")) {
      mapper.writeValue(stream, summary);
    }
  }
}
