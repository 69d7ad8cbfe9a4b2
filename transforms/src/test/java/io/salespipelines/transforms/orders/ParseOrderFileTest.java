package io.salespipelines.transforms.orders;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.ParsedOrder;
import io.salespipelines.transforms.parse.FileRange;
import io.salespipelines.transforms.parse.ParseSalesFile;
import io.salespipelines.transforms.parse.PlanFileRanges;
import io.salespipelines.transforms.testing.TestFiles;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class ParseOrderFileTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  static final String SPEC_ORDER =
      "{\"order_id\":\"O-1\",\"order_ts\":\"2025-01-03T10:15:00Z\","
          + "\"customer\":{\"customer_id\":\"C-9\",\"country\":\"DE\",\"signup_date\":\"2024-12-30\"},"
          + "\"payment\":{\"method\":\"card\",\"status\":\"paid\",\"amount\":\"59.97\"},"
          + "\"items\":[{\"product_id\":\"P-1\",\"category\":\"books\",\"quantity\":3,\"unit_price\":\"19.99\"}]}";

  private WithFailures.Result<PCollection<ParsedOrder>, DeadLetter> parse(String... paths) {
    return p.apply(Create.of(List.of(paths))).apply(new ParseOrderFile());
  }

  /** The UTF-8 byte offset of {@code part} in {@code content}: the ordinal of a JSON line. */
  static long at(String content, String part) {
    return content.substring(0, content.indexOf(part)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  /** "file:line#ordinal|order_id" for every parsed order. */
  private static PCollection<String> positions(PCollection<ParsedOrder> orders) {
    return positions("Positions", orders);
  }

  static PCollection<String> positions(String name, PCollection<ParsedOrder> orders) {
    return orders.apply(
        name,
        MapElements.into(TypeDescriptors.strings())
            .via(o -> ParseSalesFile.fileName(o.getSource()) + ":" + o.getLine() + "#" + o.getOrdinal() + "|" + o.getOrderId()));
  }

  /** "file:line|type|field" for every dead letter. */
  private static PCollection<String> failures(PCollection<DeadLetter> failures) {
    return failures("Failures", failures);
  }

  static PCollection<String> failures(String name, PCollection<DeadLetter> failures) {
    return failures.apply(
        name,
        MapElements.into(TypeDescriptors.strings())
            .via(d -> ParseSalesFile.fileName(d.getSource()) + ":" + d.getLine() + "|" + d.getErrorType() + "|" + d.getErrorField()));
  }

  /**
   * The same JSON lines read whole, in 1 KiB ranges with blocks of 3 orders (the Direct runner
   * checkpoints the read and resumes it on the parked reader), in ranges opened again on every
   * resume, and gzip-compressed (one range, parked or opened again): every read gives every order
   * and dead letter once, at its line, with the same ordinal.
   */
  @Test
  public void aJsonLinesFileReadInRangesGivesTheOrdersOfAWholeRead() throws Exception {
    OrderSplitSample plain = OrderSplitSample.jsonLines("split.jsonl", 300);
    OrderSplitSample gz = OrderSplitSample.jsonLines("split.jsonl.gz", 300);
    String path = TestFiles.writeBytes(tmp, plain.name, plain.bytes());
    String gzPath = TestFiles.writeGzip(tmp, gz.name, gz.content);
    assertThat(PlanFileRanges.plan(path, new OrderFileHead(), 1024).size(), greaterThan(50));
    assertThat(PlanFileRanges.plan(gzPath, new OrderFileHead(), 1024).size(), equalTo(1));

    PCollection<String> plainPath = p.apply("Plain", Create.of(List.of(path)));
    PCollection<String> gzipPath = p.apply("Gzip", Create.of(List.of(gzPath)));
    String[] reads = {"Whole", "Split", "SplitReopened", "GzipParked", "GzipReopened"};
    List<WithFailures.Result<PCollection<ParsedOrder>, DeadLetter>> results = List.of(
        plainPath.apply(reads[0], new ParseOrderFile()),
        plainPath.apply(reads[1], new ParseOrderFile().withRangeBytes(1024).withBlockRecords(3)),
        plainPath.apply(reads[2], new ParseOrderFile().withRangeBytes(1024).withBlockRecords(2).withoutParkedCursors()),
        gzipPath.apply(reads[3], new ParseOrderFile().withBlockRecords(3)),
        gzipPath.apply(reads[4], new ParseOrderFile().withBlockRecords(2).withoutParkedCursors()));
    for (int i = 0; i < reads.length; i++) {
      OrderSplitSample expected = i < 3 ? plain : gz;
      PAssert.that(positions(reads[i] + "Orders", results.get(i).output())).containsInAnyOrder(expected.orders);
      PAssert.that(failures(reads[i] + "Failures", results.get(i).failures())).containsInAnyOrder(expected.deadLetters);
    }
    p.run();
  }

  /**
   * A planned split point in the middle of an order: the order is read once, whole, by the range
   * it starts in, and the next range starts at the next line with that line's number.
   */
  @Test
  public void anOrderAcrossASplitPointIsReadOnceWithItsLine() throws Exception {
    OrderSplitSample sample = OrderSplitSample.jsonLines("edge.jsonl", 40);
    String path = TestFiles.writeBytes(tmp, sample.name, sample.bytes());
    long[] straddling = sample.lineStarts.get(19); // order L-20, three items, CRLF
    long[] next = sample.lineStarts.get(20);
    long splitAt = straddling[0] + 100;
    assertThat(splitAt, org.hamcrest.Matchers.lessThan(next[0] - 100));
    List<FileRange> ranges = PlanFileRanges.plan(path, new OrderFileHead(), splitAt);
    assertThat(ranges.size(), equalTo(2));
    assertThat(ranges.get(1).from, equalTo(next[0]));
    assertThat(ranges.get(1).line, equalTo(next[1]));

    WithFailures.Result<PCollection<ParsedOrder>, DeadLetter> r =
        p.apply(Create.of(List.of(path))).apply(new ParseOrderFile().withRangeBytes(splitAt));
    PAssert.that(positions(r.output())).containsInAnyOrder(sample.orders);
    PAssert.that(failures(r.failures())).containsInAnyOrder(sample.deadLetters);
    p.run();
  }

  /**
   * A JSON array bigger than the range size is not split (an element may span lines): it is one
   * range, streamed, and a read resumed on a new reader skips the elements already read.
   */
  @Test
  public void aBigArrayIsOneRangeAndAResumedReadKeepsItsLines() throws Exception {
    OrderSplitSample sample = OrderSplitSample.array("big.json", 120);
    String path = TestFiles.writeBytes(tmp, sample.name, sample.bytes());
    assertThat(sample.content.length(), greaterThan(20 * 1024));
    assertThat(PlanFileRanges.plan(path, new OrderFileHead(), 1024).size(), equalTo(1));
    PCollection<String> paths = p.apply(Create.of(List.of(path)));
    WithFailures.Result<PCollection<ParsedOrder>, DeadLetter> parked =
        paths.apply("Parked", new ParseOrderFile().withRangeBytes(1024).withBlockRecords(3));
    WithFailures.Result<PCollection<ParsedOrder>, DeadLetter> reopened =
        paths.apply("Reopened", new ParseOrderFile().withRangeBytes(1024).withBlockRecords(2).withoutParkedCursors());
    PAssert.that(positions("ParkedOrders", parked.output())).containsInAnyOrder(sample.orders);
    PAssert.that(failures("ParkedFailures", parked.failures())).containsInAnyOrder(sample.deadLetters);
    PAssert.that(positions("ReopenedOrders", reopened.output())).containsInAnyOrder(sample.orders);
    PAssert.that(failures("ReopenedFailures", reopened.failures())).containsInAnyOrder(sample.deadLetters);
    p.run();
  }

  @Test
  public void readsTheSpecOrderIntoItsFields() throws Exception {
    String file = TestFiles.write(tmp, "orders_2025_01.json", SPEC_ORDER + "\n");
    WithFailures.Result<PCollection<ParsedOrder>, DeadLetter> r = parse(file);
    PAssert.that(
            r.output()
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            o -> String.join("|", o.getOrderId(), o.getOrderTs(), o.getCustomerId(), o.getCountry(),
                                o.getSignupDate(), o.getPaymentMethod(), o.getPaymentStatus(), o.getPaymentAmount(),
                                o.getItems().toString(), o.getWrongShape().toString(), o.getAdditionalFields(),
                                String.valueOf(o.getRaw().equals(SPEC_ORDER))))))
        .containsInAnyOrder(
            "O-1|2025-01-03T10:15:00Z|C-9|DE|2024-12-30|card|paid|59.97|"
                + "[ParsedOrderItem{productId=P-1, category=books, quantity=3, unitPrice=19.99}]|[]|{}|true");
    PAssert.that(r.failures()).empty();
    p.run();
  }

  /**
   * The counters a run's progress lines read (files opened, records parsed: {@code RunProgress}),
   * whatever the run's length: a short run prints no progress line to check them by.
   */
  @Test
  public void countsTheFilesAndRecordsItReadForTheProgressLines() throws Exception {
    String one = TestFiles.write(tmp, "orders_2025_01.json", SPEC_ORDER + "\n" + SPEC_ORDER.replace("O-1", "O-2") + "\n");
    String two = TestFiles.write(tmp, "orders_2025_02.json", SPEC_ORDER.replace("O-1", "O-3") + "\n");
    parse(one, two);
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertThat(counter(result, "files_read"), equalTo(2L));
    assertThat(counter(result, "records_parsed"), equalTo(3L));
  }

  private static long counter(PipelineResult result, String name) {
    long sum = 0;
    for (MetricResult<Long> c : result.metrics().queryMetrics(MetricsFilter.builder()
            .addNameFilter(MetricNameFilter.named(ParseOrderFile.METRICS, name)).build()).getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }

  @Test
  public void jsonLinesSkipBlankLinesAndABomAndNumberEveryLine() throws Exception {
    String content =
        "\uFEFF\n  \n{\"order_id\":\"A1\"}\r\n\r\n{\"order_id\":\"A2\"}\n"
            + "not json\n[1,2]\n{\"order_id\":\"A3\"} {}\n{\"order_id\":7}";
    String file = TestFiles.write(tmp, "a.jsonl", content);
    WithFailures.Result<PCollection<ParsedOrder>, DeadLetter> r = parse(file);
    // A JSON line's ordinal is the byte offset of its first character (the BOM is 3 bytes).
    PAssert.that(positions(r.output()))
        .containsInAnyOrder(
            "a.jsonl:3#7|A1", "a.jsonl:5#" + at(content, "{\"order_id\":\"A2") + "|A2",
            "a.jsonl:9#" + at(content, "{\"order_id\":7") + "|7");
    PAssert.that(failures(r.failures()))
        .containsInAnyOrder("a.jsonl:6|malformed|null", "a.jsonl:7|malformed|null", "a.jsonl:8|malformed|null");
    p.run();
  }

  @Test
  public void aPrettyPrintedArrayNumbersEachOrderByTheLineItsObjectStartsOn() throws Exception {
    String file =
        TestFiles.write(
            tmp,
            "b.json",
            "\n\n  [\n"
                + "  {\n    \"order_id\": \"B1\",\n    \"items\": []\n  },\n"
                + "  \"not an order\",\n"
                + "  {\"order_id\": \"B2\"}, {\"order_id\": \"B3\"}\n"
                + "]\n");
    WithFailures.Result<PCollection<ParsedOrder>, DeadLetter> r = parse(file);
    PAssert.that(positions(r.output())).containsInAnyOrder("b.json:4#0|B1", "b.json:9#2|B2", "b.json:9#3|B3");
    PAssert.that(failures(r.failures())).containsInAnyOrder("b.json:8|malformed|null");
    p.run();
  }

  @Test
  public void aOneLineArrayKeepsTheOrdersApartByPosition() throws Exception {
    String file = TestFiles.writeGzip(tmp, "c.json.gz", "[{\"order_id\":\"C1\"},{\"order_id\":\"C1\"}]");
    PAssert.that(positions(parse(file).output())).containsInAnyOrder("c.json.gz:1#0|C1", "c.json.gz:1#1|C1");
    p.run();
  }

  @Test
  public void anArrayThatBreaksOffKeepsTheOrdersBeforeTheBreak() throws Exception {
    String broken = TestFiles.write(tmp, "d.json", "[\n{\"order_id\":\"D1\"},\n{\"order_id\": D2}\n]");
    String unclosed = TestFiles.write(tmp, "e.json", "[{\"order_id\":\"E1\"},\n");
    String trailing = TestFiles.write(tmp, "f.json", "[{\"order_id\":\"F1\"}]\n{\"order_id\":\"F2\"}\n");
    WithFailures.Result<PCollection<ParsedOrder>, DeadLetter> r = parse(broken, unclosed, trailing);
    PAssert.that(positions(r.output())).containsInAnyOrder("d.json:2#0|D1", "e.json:1#0|E1", "f.json:1#0|F1");
    PAssert.that(failures(r.failures()))
        .containsInAnyOrder("d.json:0|malformed|null", "e.json:0|malformed|null", "f.json:0|malformed|null");
    PAssert.that(
            r.failures()
                .apply(
                    "BrokenMessage",
                    MapElements.into(TypeDescriptors.strings()).via(DeadLetter::getMessage)))
        .satisfies(
            messages -> {
              for (String m : messages) {
                if (m.contains("does not parse at line 3") && m.contains("up to line 2 stand")) {
                  return null;
                }
              }
              throw new AssertionError("no message names the break at line 3: " + messages);
            });
    p.run();
  }

  /**
   * A number BigDecimal cannot hold is valid JSON syntax: in JSON lines it costs its own line as
   * {@code malformed} and the file is read on (it was {@code unreadable}: the rest lost, the file
   * read again every run); in an array it breaks the array off, as a parse error does.
   */
  @Test
  public void aNumberJavaCannotHoldIsMalformedNotUnreadable() throws Exception {
    String lines = TestFiles.write(tmp, "g.jsonl", String.join("\n",
        "{\"order_id\":\"G1\"}", "{\"order_id\":\"G2\",\"x\":1e-5000000000}", "{\"order_id\":\"G3\"}") + "\n");
    String array = TestFiles.write(tmp, "h.json",
        "[\n{\"order_id\":\"H1\"},\n{\"order_id\":\"H2\",\"x\":1e-5000000000},\n{\"order_id\":\"H3\"}\n]\n");
    WithFailures.Result<PCollection<ParsedOrder>, DeadLetter> r = parse(lines, array);
    PAssert.that(positions(r.output())).containsInAnyOrder(
        "g.jsonl:1#0|G1", "g.jsonl:3#" + at(Files.readString(Path.of(lines)), "{\"order_id\":\"G3\"") + "|G3",
        "h.json:2#0|H1");
    PAssert.that(failures(r.failures())).containsInAnyOrder("g.jsonl:2|malformed|null", "h.json:0|malformed|null");
    p.run();
  }

  /**
   * A line with bytes that are not UTF-8 is {@code invalid_encoding}, its raw bytes escaped: read
   * with replacement characters, "O-\xE9" and "O-\xE8" were one id and one was a duplicate.
   */
  @Test
  public void aLineThatIsNotUtf8IsInvalidEncodingWithItsBytesEscaped() throws Exception {
    byte[] latin1 = ("{\"order_id\":\"O-\u00e9\"}\n{\"order_id\":\"O-\u00e8\"}\n{\"order_id\":\"O-\u00ea\"}\n")
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    String utf8 = "{\"order_id\":\"U-\u00e9\"}\n";
    String path = TestFiles.writeBytes(tmp, "latin1.jsonl", latin1);
    String good = TestFiles.write(tmp, "utf8.jsonl", utf8);
    WithFailures.Result<PCollection<ParsedOrder>, DeadLetter> r = parse(path, good);
    PAssert.that(positions(r.output())).containsInAnyOrder("utf8.jsonl:1#0|U-\u00e9");
    PAssert.that(failures(r.failures())).containsInAnyOrder(
        "latin1.jsonl:1|invalid_encoding|null", "latin1.jsonl:2|invalid_encoding|null",
        "latin1.jsonl:3|invalid_encoding|null");
    PAssert.that(r.failures().apply("Raw", MapElements.into(TypeDescriptors.strings()).via(DeadLetter::getRaw)))
        .containsInAnyOrder(
            "{\"order_id\":\"O-\\xE9\"}", "{\"order_id\":\"O-\\xE8\"}", "{\"order_id\":\"O-\\xEA\"}");
    p.run();
  }

  /**
   * The same in a JSON array: each element with such bytes is {@code invalid_encoding} at its line,
   * and the array reads on (read through a Reader, they were U+FFFD: one id, one false duplicate).
   */
  @Test
  public void anArrayElementThatIsNotUtf8IsInvalidEncodingAndTheArrayGoesOn() throws Exception {
    byte[] latin1 = ("[\n{\"order_id\":\"A-\u00e9\"},\n{\"order_id\":\"A-\u00e8\"},\n{\"order_id\":\"A-3\"}\n]\n")
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    String path = TestFiles.writeBytes(tmp, "latin1.json", latin1);
    WithFailures.Result<PCollection<ParsedOrder>, DeadLetter> r = parse(path);
    PAssert.that(positions(r.output())).containsInAnyOrder("latin1.json:4#2|A-3");
    PAssert.that(failures(r.failures())).containsInAnyOrder(
        "latin1.json:2|invalid_encoding|null", "latin1.json:3|invalid_encoding|null");
    PAssert.that(r.failures().apply("Raw", MapElements.into(TypeDescriptors.strings()).via(DeadLetter::getRaw)))
        .containsInAnyOrder("{\"order_id\":\"A-\\xE9\"}", "{\"order_id\":\"A-\\xE8\"}");
    p.run();
  }

  /**
   * An array element longer than {@code CheckedBytes.MAX_JSON_VALUE_BYTES} is not held (a gzip
   * bomb's shape): the array breaks off there, the orders before it stand.
   */
  @Test
  public void anArrayElementLongerThanTheLimitBreaksTheArrayOff() throws Exception {
    String big = "{\"order_id\":\"BIG\",\"pad\":\"" + "x".repeat(io.salespipelines.transforms.parse.CheckedBytes.MAX_JSON_VALUE_BYTES + (1 << 18)) + "\"}";
    String path = TestFiles.write(tmp, "big.json", "[\n" + SPEC_ORDER + ",\n" + big + ",\n" + SPEC_ORDER.replace("O-1", "O-3") + "\n]\n");
    WithFailures.Result<PCollection<ParsedOrder>, DeadLetter> r = parse(path);
    PAssert.that(positions(r.output())).containsInAnyOrder("big.json:2#0|O-1");
    PAssert.that(failures(r.failures())).containsInAnyOrder("big.json:0|malformed|null");
    PAssert.that(r.failures().apply("Message", MapElements.into(TypeDescriptors.strings()).via(DeadLetter::getMessage)))
        .satisfies(messages -> {
          assertThat(messages.iterator().next(), org.hamcrest.Matchers.containsString("an element longer than 16 MiB"));
          return null;
        });
    p.run();
  }

  @Test
  public void gzipIsReadAndAGzFileThatIsNotGzipIsMalformedAtLineZero() throws Exception {
    String good = TestFiles.writeGzip(tmp, "g.ndjson.gz", SPEC_ORDER + "\n" + SPEC_ORDER.replace("O-1", "O-2"));
    String notGzip = TestFiles.write(tmp, "h.json.gz", SPEC_ORDER + "\n");
    byte[] whole = Files.readAllBytes(new File(good).toPath());
    File cut = new File(tmp.getRoot(), "i.json.gz");
    Files.write(cut.toPath(), java.util.Arrays.copyOf(whole, 12));
    WithFailures.Result<PCollection<ParsedOrder>, DeadLetter> r = parse(good, notGzip, cut.getPath());
    PAssert.that(positions(r.output()))
        .containsInAnyOrder("g.ndjson.gz:1#0|O-1", "g.ndjson.gz:2#" + (SPEC_ORDER.length() + 1) + "|O-2");
    PAssert.that(failures(r.failures()))
        .containsInAnyOrder("h.json.gz:0|malformed|null", "i.json.gz:0|malformed|null");
    p.run();
  }

  /**
   * A .gz cut off after many orders: every line decompressed before the cut is read, however much
   * the readers above the decompressor had buffered (here far less than their 64 KiB), the cut line
   * is malformed at its line, and the file is malformed at line 0. Stored (uncompressed) deflate
   * blocks put the cut exactly 20 characters into line 301; an array is cut the same way.
   */
  @Test
  public void aCutGzipKeepsEveryLineBeforeTheCut() throws Exception {
    StringBuilder lines = new StringBuilder();
    StringBuilder array = new StringBuilder("[\n");
    for (int i = 1; i <= 400; i++) {
      lines.append(SPEC_ORDER.replace("O-1", "L-" + i)).append('\n');
      array.append(SPEC_ORDER.replace("O-1", "A-" + i)).append(i < 400 ? ",\n" : "\n]\n");
    }
    String cutLines = storedGzipCut(tmp, "cut.ndjson.gz", lines.toString(), 300);
    String cutArray = storedGzipCut(tmp, "cut-array.json.gz", array.toString(), 301);
    WithFailures.Result<PCollection<ParsedOrder>, DeadLetter> r = parse(cutLines, cutArray);
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 300; i++) {
      expected.add("cut.ndjson.gz:" + i + "#" + (at(lines.toString(), "\"L-" + i + "\"") - SPEC_ORDER.indexOf("\"O-1\""))
          + "|L-" + i);
      expected.add("cut-array.json.gz:" + (i + 1) + "#" + (i - 1) + "|A-" + i);
    }
    PAssert.that(positions(r.output())).containsInAnyOrder(expected);
    PAssert.that(failures(r.failures())).containsInAnyOrder(
        "cut.ndjson.gz:301|malformed|null", "cut.ndjson.gz:0|malformed|null", "cut-array.json.gz:0|malformed|null");
    PAssert.that(r.failures().apply("Messages", MapElements.into(TypeDescriptors.strings())
            .via(d -> d.getMessage().startsWith("not valid JSON") ? "cut line" : d.getMessage())))
        .containsInAnyOrder("cut line",
            "the gzip data does not decompress: EOFException: Unexpected end of ZLIB input stream; the 301 records"
                + " read up to line 301 stand",
            "the gzip data does not decompress: EOFException: Unexpected end of ZLIB input stream; the 300 records"
                + " read up to line 301 stand");
    p.run();
  }

  /** Gzip with stored blocks, cut 20 characters after the first {@code lines} lines of text. */
  private static String storedGzipCut(TemporaryFolder tmp, String name, String text, int lines) throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(bytes) {
      {
        def.setLevel(java.util.zip.Deflater.NO_COMPRESSION);
      }
    }) {
      gzip.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    int at = 0;
    for (int i = 0; i < lines; i++) {
      at = text.indexOf('\n', at) + 1;
    }
    // 10 bytes of gzip header, then stored blocks of at most 65535 bytes with 5 bytes of header each.
    int plain = at + 20;
    int cut = 10 + plain + 5 * (plain / 65535 + 1);
    File file = new File(tmp.getRoot(), name);
    Files.write(file.toPath(), java.util.Arrays.copyOf(bytes.toByteArray(), cut));
    return file.getPath();
  }

  @Test
  public void otherEndingsAreTheWrongFileTypeAndAMissingFileIsUnreadable() throws Exception {
    String csv = TestFiles.write(tmp, "orders.csv", "order_id\nO-1\n");
    String empty = TestFiles.write(tmp, "empty.JSON", "");
    String blank = TestFiles.write(tmp, "blank.json", "\n \n");
    WithFailures.Result<PCollection<ParsedOrder>, DeadLetter> r =
        parse(csv, empty, blank, tmp.getRoot() + "/gone.json");
    PAssert.that(r.output()).empty();
    PAssert.that(failures(r.failures()))
        .containsInAnyOrder("orders.csv:0|wrong_file_type|null", "gone.json:0|unreadable|null");
    p.run();
  }

  @Test
  public void duplicateKeysLastWinsAndUnknownFieldsAreKeptSorted() throws Exception {
    String file =
        TestFiles.write(
            tmp,
            "j.json",
            "{\"zeta\":{\"b\":1,\"a\":[{\"y\":2,\"x\":1}]},\"order_id\":\"first\",\"alpha\":1.50,"
                + "\"order_id\":9000123,\"customer\":{\"customer_id\":1,\"customer_id\":\"C-2\",\"extra\":1},"
                + "\"payment\":{\"amount\":19.990,\"status\":\"PAID\"}}\n");
    PAssert.that(
            parse(file)
                .output()
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(o -> o.getOrderId() + "|" + o.getCustomerId() + "|" + o.getPaymentAmount() + "|"
                            + o.getPaymentStatus() + "|" + o.getItems() + "|" + o.getAdditionalFields())))
        .containsInAnyOrder(
            "9000123|C-2|19.990|PAID|null|{\"alpha\":1.50,\"zeta\":{\"a\":[{\"x\":1,\"y\":2}],\"b\":1}}");
    p.run();
  }

  @Test
  public void valuesOfTheWrongKindAreNotedForValidation() throws Exception {
    String file =
        TestFiles.write(
            tmp,
            "k.json",
            "{\"order_id\":{\"id\":1},\"customer\":\"C-9\",\"payment\":null,"
                + "\"items\":[\"P-1\",{\"product_id\":\"P-2\",\"quantity\":[3]}]}\n"
                + "{\"order_id\":\"K2\",\"items\":{\"product_id\":\"P-1\"}}\n");
    PAssert.that(
            parse(file)
                .output()
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(o -> o.getLine() + "|" + o.getCustomerId() + "|" + o.getItems() + "|" + o.getWrongShape())))
        .containsInAnyOrder(
            "1|null|[ParsedOrderItem{productId=null, category=null, quantity=null, unitPrice=null}, "
                + "ParsedOrderItem{productId=P-2, category=null, quantity=[3], unitPrice=null}]|"
                + "[order_id, customer, items[1], items[2].quantity]",
            "2|null|null|[items]");
    p.run();
  }
}
