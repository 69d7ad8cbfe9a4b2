package io.salespipelines.transforms.parse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.SalesLine;
import io.salespipelines.schemas.coders.SalesLineCoder;
import io.salespipelines.transforms.testing.FaultyFileSystem;
import io.salespipelines.transforms.testing.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
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
public class ParseSalesFileTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  private static final String HEADER =
      "transaction_id,customer_id,store_id,product_id,sales_person_id,sales_date,price,quantity,total_cost";

  private WithFailures.Result<PCollection<SalesLine>, DeadLetter> parse(String... paths) {
    return p.apply(Create.of(List.of(paths))).apply(new ParseSalesFile());
  }

  /** A line as "file:line|tx|customer|store|byId:product|person|date|price|qty|total|extras". */
  private static PCollection<String> describe(PCollection<SalesLine> lines) {
    return lines.apply(
        "DescribeLines",
        MapElements.into(TypeDescriptors.strings())
            .via(
                l ->
                    ParseSalesFile.fileName(l.getSource()) + ":" + l.getLine() + "|" + l.getTransactionId()
                        + "|" + l.getCustomerId() + "|" + l.getStoreId() + "|"
                        + (l.getProductById() ? "id:" + l.getProductId() : "name:" + l.getProductName())
                        + "|" + l.getSalesPersonId() + "|" + l.getSalesDate() + "|" + l.getPrice() + "|"
                        + l.getQuantity() + "|" + l.getTotalCost() + "|" + l.getAdditionalColumns()));
  }

  /** A dead letter as "file:line|type|field". */
  private static PCollection<String> describeFailures(PCollection<DeadLetter> failures) {
    return failures.apply(
        "DescribeFailures",
        MapElements.into(TypeDescriptors.strings())
            .via(d -> ParseSalesFile.fileName(d.getSource()) + ":" + d.getLine() + "|" + d.getErrorType() + "|" + d.getErrorField()));
  }

  /** A line as "file:line|transaction_id". */
  private static PCollection<String> rowsOf(String name, PCollection<SalesLine> lines) {
    return lines.apply(
        name,
        MapElements.into(TypeDescriptors.strings())
            .via(l -> ParseSalesFile.fileName(l.getSource()) + ":" + l.getLine() + "|" + l.getTransactionId()));
  }

  private static PCollection<String> failuresOf(String name, PCollection<DeadLetter> failures) {
    return failures.apply(
        name,
        MapElements.into(TypeDescriptors.strings())
            .via(d -> ParseSalesFile.fileName(d.getSource()) + ":" + d.getLine() + "|" + d.getErrorType() + "|" + d.getErrorField()));
  }

  @Test
  public void aFileReadInRangesGivesTheRowsAndLinesOfAWholeRead() throws Exception {
    SplitSample sample = new SplitSample("split.csv", 300);
    String path = TestFiles.writeBytes(tmp, "split.csv", sample.bytes());
    assertThat(PlanFileRanges.plan(path, new ParseSalesFile.SalesFileHead(), 1024).size(), org.hamcrest.Matchers.greaterThan(10));
    PCollection<String> paths = p.apply(Create.of(List.of(path)));

    WithFailures.Result<PCollection<SalesLine>, DeadLetter> whole = paths.apply("Whole", new ParseSalesFile());
    WithFailures.Result<PCollection<SalesLine>, DeadLetter> split =
        paths.apply("Split", new ParseSalesFile().withRangeBytes(1024).withBlockRecords(3));
    WithFailures.Result<PCollection<SalesLine>, DeadLetter> reopened =
        paths.apply(
            "SplitReopened", new ParseSalesFile().withRangeBytes(1024).withBlockRecords(2).withoutParkedCursors());

    PAssert.that(rowsOf("WholeRows", whole.output())).containsInAnyOrder(sample.rows);
    PAssert.that(failuresOf("WholeFailures", whole.failures())).containsInAnyOrder(sample.deadLetters);
    PAssert.that(rowsOf("SplitRows", split.output())).containsInAnyOrder(sample.rows);
    PAssert.that(failuresOf("SplitFailures", split.failures())).containsInAnyOrder(sample.deadLetters);
    PAssert.that(rowsOf("ReopenedRows", reopened.output())).containsInAnyOrder(sample.rows);
    PAssert.that(failuresOf("ReopenedFailures", reopened.failures())).containsInAnyOrder(sample.deadLetters);
    assertThat(whole.output().getCoder(), org.hamcrest.Matchers.instanceOf(SalesLineCoder.class));
    p.run();
  }

  /**
   * Reads that wait for the heap hand their range back unread and resume where they were: a plain
   * file in ranges and a gzip file, told "full" for their first 40 looks, lose and repeat nothing.
   */
  @Test
  public void readsThatWaitForTheHeapResumeWithEveryRowOnce() throws Exception {
    SplitSample sample = new SplitSample("wait.csv", 300);
    String plain = TestFiles.writeBytes(tmp, "wait.csv", sample.bytes());
    SplitSample gzipSample = new SplitSample("wait.csv.gz", 300);
    String gzip = TestFiles.writeGzip(tmp, "wait.csv.gz", gzipSample.content);
    java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
    java.util.function.BooleanSupplier before = ReadFileRanges.heapFull;
    ReadFileRanges.heapFull = () -> looks.incrementAndGet() <= 40;
    try {
      WithFailures.Result<PCollection<SalesLine>, DeadLetter> plainRead =
          p.apply("Plain", Create.of(List.of(plain)))
              .apply("PlainWaiting", new ParseSalesFile().withRangeBytes(1024).withBlockRecords(3).waitingForHeap());
      WithFailures.Result<PCollection<SalesLine>, DeadLetter> gzipRead =
          p.apply("Gzip", Create.of(List.of(gzip)))
              .apply("GzipWaiting", new ParseSalesFile().withBlockRecords(3).waitingForHeap());
      PAssert.that(rowsOf("PlainRows", plainRead.output())).containsInAnyOrder(sample.rows);
      PAssert.that(failuresOf("PlainFailures", plainRead.failures())).containsInAnyOrder(sample.deadLetters);
      PAssert.that(rowsOf("GzipRows", gzipRead.output())).containsInAnyOrder(gzipSample.rows);
      PAssert.that(failuresOf("GzipFailures", gzipRead.failures())).containsInAnyOrder(gzipSample.deadLetters);
      p.run();
    } finally {
      ReadFileRanges.heapFull = before;
    }
    assertThat("the reads waited", looks.get(), org.hamcrest.Matchers.greaterThan(40));
  }

  @Test
  public void onDirectOnlyAFewRangesAreOpenAtOnceAndEveryRowIsReadOnce() throws Exception {
    SplitSample sample = new SplitSample("many-ranges.csv", 3000);
    String plain = TestFiles.writeBytes(tmp, "many-ranges.csv", sample.bytes());
    int ranges = PlanFileRanges.plan(plain, new ParseSalesFile.SalesFileHead(), 8192).size();
    ParkedCursors.resetMostAtOnce();
    WithFailures.Result<PCollection<SalesLine>, DeadLetter> read =
        p.apply(Create.of(List.of(plain)))
            .apply(new ParseSalesFile().withRangeBytes(8192).withBlockRecords(3).waitingForHeap());
    PAssert.that(rowsOf("Rows", read.output())).containsInAnyOrder(sample.rows);
    PAssert.that(failuresOf("Failures", read.failures())).containsInAnyOrder(sample.deadLetters);
    p.run();
    // A range that finds the most open waits to start; a few more may start at the same moment.
    // Without the limit, 20 of these 22 ranges were open at once.
    assertThat(ranges, org.hamcrest.Matchers.greaterThan(15));
    assertThat(ParkedCursors.mostAtOnce(),
        org.hamcrest.Matchers.lessThanOrEqualTo(ReadFileRanges.MOST_OPEN_RANGES_ON_DIRECT + 4));
  }

  @Test
  public void aGzipFileIsReadInResumedBlocksWithExactLines() throws Exception {
    SplitSample sample = new SplitSample("big.csv.gz", 300);
    String path = TestFiles.writeGzip(tmp, "big.csv.gz", sample.content);
    PCollection<String> paths = p.apply(Create.of(List.of(path)));
    WithFailures.Result<PCollection<SalesLine>, DeadLetter> parked =
        paths.apply("Parked", new ParseSalesFile().withBlockRecords(3));
    WithFailures.Result<PCollection<SalesLine>, DeadLetter> reopened =
        paths.apply("Reopened", new ParseSalesFile().withBlockRecords(2).withoutParkedCursors());
    PAssert.that(rowsOf("ParkedRows", parked.output())).containsInAnyOrder(sample.rows);
    PAssert.that(failuresOf("ParkedFailures", parked.failures())).containsInAnyOrder(sample.deadLetters);
    PAssert.that(rowsOf("ReopenedRows", reopened.output())).containsInAnyOrder(sample.rows);
    PAssert.that(failuresOf("ReopenedFailures", reopened.failures())).containsInAnyOrder(sample.deadLetters);
    p.run();
  }

  @Test
  public void aJsonLinesFileReadInRangesKeepsItsLines() throws Exception {
    StringBuilder text = new StringBuilder();
    List<String> rows = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    long line = 1;
    for (int i = 1; i <= 120; i++) {
      if (i % 9 == 0) {
        text.append("{\"transaction_id\":\"T").append(i).append("\"\n"); // broken off
        failures.add("split.jsonl:" + line + "|malformed|null");
      } else {
        text.append("{\"transaction_id\":\"T").append(i).append("\",\"customer_id\":\"C1\",\"store_id\":\"S1\","
            + "\"product_id\":\"P1\",\"sales_person_id\":\"SP1\",\"sales_date\":\"2025-06-10\",\"price\":1,"
            + "\"quantity\":1,\"total_cost\":1}").append(i % 4 == 0 ? "\r\n" : "\n");
        rows.add("split.jsonl:" + line + "|T" + i);
      }
      line++;
      if (i % 7 == 0) {
        text.append("\n");
        line++;
      }
    }
    String path = TestFiles.write(tmp, "split.jsonl", text.toString());
    assertThat(PlanFileRanges.plan(path, new ParseSalesFile.SalesFileHead(), 1024).size(), org.hamcrest.Matchers.greaterThan(10));
    WithFailures.Result<PCollection<SalesLine>, DeadLetter> r =
        p.apply(Create.of(List.of(path))).apply(new ParseSalesFile().withRangeBytes(1024).withBlockRecords(4));
    PAssert.that(rowsOf("Rows", r.output())).containsInAnyOrder(rows);
    PAssert.that(failuresOf("Failures", r.failures())).containsInAnyOrder(failures);
    p.run();
  }

  @Test
  public void aDeadLetterRightAtASplitPointKeepsItsLine() throws Exception {
    SplitSample sample = new SplitSample("edge.csv", 30);
    String path = TestFiles.writeBytes(tmp, "edge.csv", sample.bytes());
    // Record 11 is malformed; a range starts exactly at it, and record 10 (two lines) ends the one before.
    long[] record11 = sample.recordStarts.get(10);
    List<FileRange> ranges = PlanFileRanges.plan(path, new ParseSalesFile.SalesFileHead(), record11[0]);
    assertThat(ranges.get(1).from, equalTo(record11[0]));
    assertThat(ranges.get(1).line, equalTo(record11[1]));
    assertThat(sample.deadLetters, hasItem("edge.csv:" + record11[1] + "|malformed|null"));

    WithFailures.Result<PCollection<SalesLine>, DeadLetter> r =
        p.apply(Create.of(List.of(path))).apply(new ParseSalesFile().withRangeBytes(record11[0]));
    PAssert.that(rowsOf("Rows", r.output())).containsInAnyOrder(sample.rows);
    PAssert.that(failuresOf("Failures", r.failures())).containsInAnyOrder(sample.deadLetters);
    p.run();
  }

  @Test
  public void readsCsvWithHeaderVariations() throws Exception {
    String plain = TestFiles.write(tmp, "a.csv", HEADER + "\nT1,C1,S1,P1,SP1,2025-06-10,10.00,2,20.00\n");
    // Upper case, another order, aliases, a BOM, CRLF and an extra column.
    String varied =
        TestFiles.write(
            tmp,
            "b.CSV",
            "\uFEFFCUSTOMER_ID,Store_Id,product_id,SALES_PERSON_ID,timestamp,price,quantity,sales_amount,Channel\r\n"
                + "C2,S2,P2,SP2,2025-06-10T16:35:00+02:00,1.5,4,6.00,web\r\n");
    // The PySpark tutorial layout: no transaction_id, product by name.
    String tutorial =
        TestFiles.write(
            tmp,
            "c.csv",
            "customer_id,store_id,product_name,sales_date,sales_person_id,price,quantity,total_cost\n"
                + "1,2,quinoa,2023-03-01,3,20,1,20\n");
    WithFailures.Result<PCollection<SalesLine>, DeadLetter> r = parse(plain, varied, tutorial);
    PAssert.that(describe(r.output()))
        .containsInAnyOrder(
            "a.csv:2|T1|C1|S1|id:P1|SP1|2025-06-10|10.00|2|20.00|{}",
            "b.CSV:2|null|C2|S2|id:P2|SP2|2025-06-10T16:35:00+02:00|1.5|4|6.00|{\"Channel\":\"web\"}",
            "c.csv:2|null|1|2|name:quinoa|3|2023-03-01|20|1|20|{}");
    PAssert.that(r.failures()).empty();
    p.run();
  }

  @Test
  public void multiLineRecordsAreNumberedByTheirFirstLine() throws Exception {
    String file =
        TestFiles.write(
            tmp,
            "m.csv",
            HEADER + ",note\n\nT1,C1,S1,P1,SP1,2025-06-10,1.00,1,1.00,\"two\nlines, with comma\"\n"
                + "T2,C1,S1,P1,SP1,2025-06-10,1.00,1,1.00,x\n");
    WithFailures.Result<PCollection<SalesLine>, DeadLetter> r = parse(file);
    PAssert.that(describe(r.output()))
        .containsInAnyOrder(
            "m.csv:3|T1|C1|S1|id:P1|SP1|2025-06-10|1.00|1|1.00|{\"note\":\"two\\nlines, with comma\"}",
            "m.csv:5|T2|C1|S1|id:P1|SP1|2025-06-10|1.00|1|1.00|{\"note\":\"x\"}");
    p.run();
  }

  @Test
  public void malformedCsvRecordsBecomeDeadLetters() throws Exception {
    String file =
        TestFiles.write(
            tmp,
            "bad.csv",
            HEADER + "\n"
                + "T1,C1,S1,P1,SP1,2025-06-10,1.00,1\n" // a field short
                + "T2,C1,S1,P\"1,SP1,2025-06-10,1.00,1,1.00\n" // stray quote
                + "\"T3\"x,C1,S1,P1,SP1,2025-06-10,1.00,1,1.00\n" // text after closing quote
                + "T4,C1,S1,P1,SP1,2025-06-10,1.00,1,1.00\n");
    WithFailures.Result<PCollection<SalesLine>, DeadLetter> r = parse(file);
    PAssert.that(describeFailures(r.failures()))
        .containsInAnyOrder("bad.csv:2|malformed|null", "bad.csv:3|malformed|null", "bad.csv:4|malformed|null");
    PAssert.that(r.failures())
        .satisfies(
            all -> {
              for (DeadLetter d : all) {
                if (d.getLine() == 3) {
                  assertThat(d.getRaw(), equalTo("T2,C1,S1,P\"1,SP1,2025-06-10,1.00,1,1.00"));
                }
              }
              return null;
            });
    PAssert.that(describe(r.output()))
        .containsInAnyOrder("bad.csv:5|T4|C1|S1|id:P1|SP1|2025-06-10|1.00|1|1.00|{}");
    p.run();
  }

  @Test
  public void fileLevelProblemsGiveOneDeadLetterPerFile() throws Exception {
    String text = TestFiles.write(tmp, "notes.txt", "hello\n");
    String noStore =
        TestFiles.write(
            tmp, "nostore.csv",
            "transaction_id,customer_id,product_id,sales_person_id,sales_date,price,quantity,total_cost\n"
                + "T1,C1,P1,SP1,2025-06-10,1,1,1\nT2,C1,P1,SP1,2025-06-10,1,1,1\n");
    String empty = TestFiles.write(tmp, "empty.csv", "");
    String headerOnly = TestFiles.write(tmp, "header.csv", HEADER + "\n");
    WithFailures.Result<PCollection<SalesLine>, DeadLetter> r = parse(text, noStore, empty, headerOnly);
    PAssert.that(describeFailures(r.failures()))
        .containsInAnyOrder("notes.txt:0|wrong_file_type|null", "nostore.csv:0|bad_schema|store_id");
    PAssert.that(r.output()).empty();
    p.run();
  }

  @Test
  public void readsJsonLinesAndGzip() throws Exception {
    String json =
        TestFiles.write(
            tmp,
            "s.jsonl",
            "{\"transaction_id\":\"T1\",\"customer_id\":\"C1\",\"store_id\":\"S1\",\"product_id\":\"P1\","
                + "\"sales_person_id\":\"SP1\",\"sales_date\":\"2025-06-10\",\"price\":19.990,\"quantity\":3,"
                + "\"TOTAL_COST\":\"59.97\",\"promo\":{\"code\":\"X\"}}\n"
                + "\n"
                + "[1,2]\n"
                + "{\"customer_id\":\"C1\"\n"
                + "{\"transaction_id\":\"T4\",\"customer_id\":\"C1\",\"product_id\":\"P1\",\"sales_person_id\":\"SP1\","
                + "\"sales_date\":\"2025-06-10\",\"price\":1,\"quantity\":1,\"total_cost\":1}\n"
                + "{\"transaction_id\":\"T5\",\"customer_id\":null,\"store_id\":\"S1\",\"product_name\":\"Tea\","
                + "\"sales_person_id\":\"SP1\",\"timestamp\":\"2025-06-10\",\"price\":1,\"quantity\":1,\"sales_amount\":1}\n");
    String gz =
        TestFiles.writeGzip(tmp, "g.csv.gz", HEADER + "\nT9,C1,S1,P1,SP1,2025-06-10,1.00,1,1.00\n");
    WithFailures.Result<PCollection<SalesLine>, DeadLetter> r = parse(json, gz);
    PAssert.that(describe(r.output()))
        .containsInAnyOrder(
            "s.jsonl:1|T1|C1|S1|id:P1|SP1|2025-06-10|19.990|3|59.97|{\"promo\":{\"code\":\"X\"}}",
            "s.jsonl:6|T5|null|S1|name:Tea|SP1|2025-06-10|1|1|1|{}",
            "g.csv.gz:2|T9|C1|S1|id:P1|SP1|2025-06-10|1.00|1|1.00|{}");
    PAssert.that(describeFailures(r.failures()))
        .containsInAnyOrder(
            "s.jsonl:3|malformed|null", "s.jsonl:4|malformed|null", "s.jsonl:5|bad_schema|store_id");
    p.run();
  }

  @Test
  public void corruptGzipIsReportedNotDropped() throws Exception {
    StringBuilder rows = new StringBuilder(HEADER + "\n");
    for (int i = 0; i < 5000; i++) {
      rows.append("T").append(i).append(",C1,S1,P1,SP1,2025-06-10,1.00,1,1.00\n");
    }
    String whole = TestFiles.writeGzip(tmp, "whole.csv.gz", rows.toString());
    byte[] bytes = java.nio.file.Files.readAllBytes(java.nio.file.Paths.get(whole));
    String broken = whole.replace("whole", "broken");
    java.nio.file.Files.write(
        java.nio.file.Paths.get(broken), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    WithFailures.Result<PCollection<SalesLine>, DeadLetter> r = parse(broken);
    PAssert.that(describeFailures(r.failures())).containsInAnyOrder("broken.csv.gz:0|malformed|null");
    p.run();
  }

  private static final String ROW = ",C1,S1,P1,SP1,2025-06-10,1.00,1,1.00";
  private static final long MB = 1 << 20;

  /** A dead letter as "file:line|type|field|message". */
  private static PCollection<String> describeWithMessage(PCollection<DeadLetter> failures) {
    return failures.apply(
        "DescribeWithMessage",
        MapElements.into(TypeDescriptors.strings())
            .via(d -> ParseSalesFile.fileName(d.getSource()) + ":" + d.getLine() + "|" + d.getErrorType()
                + "|" + d.getErrorField() + "|" + d.getMessage()));
  }

  /** "file:line" of each line read. */
  private static PCollection<String> positions(PCollection<SalesLine> lines) {
    return lines.apply(
        "Positions",
        MapElements.into(TypeDescriptors.strings())
            .via(l -> ParseSalesFile.fileName(l.getSource()) + ":" + l.getLine()));
  }

  /** A valid JSON sale without its closing brace. */
  private static String jsonStart(String tx) {
    return "{\"transaction_id\":\"" + tx + "\",\"customer_id\":\"C1\",\"store_id\":\"S1\",\"product_id\":\"P1\","
        + "\"sales_person_id\":\"SP1\",\"sales_date\":\"2025-06-10\",\"price\":1,\"quantity\":1,\"total_cost\":1";
  }

  private static String jsonRow(String tx, String extra) {
    return jsonStart(tx) + extra + "}";
  }

  @Test
  public void anOversizedCsvRecordCostsOneDeadLetterAndReadingGoesOn() throws Exception {
    String file =
        TestFiles.writeStreamed(tmp, "big.csv", out -> {
          TestFiles.ascii(out, HEADER + ",note\n" + "T1" + ROW + ",a\n" + "T2" + ROW + ",");
          TestFiles.repeat(out, 'x', 50 * MB); // line 3: a 50 MB field
          TestFiles.ascii(out, "\nT3" + ROW + ",\"");
          TestFiles.repeat(out, 'y', 3 * MB); // lines 4-6: a quoted 3 MB field over three lines
          TestFiles.ascii(out, "\nyy\n\"\"z\"\nT4" + ROW + ",b\n");
        });
    WithFailures.Result<PCollection<SalesLine>, DeadLetter> r = parse(file);
    PAssert.that(positions(r.output())).containsInAnyOrder("big.csv:2", "big.csv:7");
    PAssert.that(describeFailures(r.failures()))
        .containsInAnyOrder("big.csv:3|malformed|null", "big.csv:4|malformed|null");
    PAssert.that(r.failures())
        .satisfies(all -> {
          for (DeadLetter d : all) {
            assertThat(d.getMessage(), containsString("longer than 1000000 bytes"));
            assertThat(d.getRaw().length(), equalTo(DeadLetter.MAX_RAW_CHARS));
            assertThat(d.getRaw(), startsWith(d.getLine() == 3 ? "T2,C1" : "T3,C1"));
          }
          return null;
        });
    p.run();
  }

  @Test
  public void anOversizedJsonLineCostsOneDeadLetterAndReadingGoesOn() throws Exception {
    String file =
        TestFiles.writeStreamed(tmp, "big.jsonl", out -> {
          TestFiles.ascii(out, jsonRow("T1", "") + "\n" + jsonStart("T2") + ",\"note\":\"");
          TestFiles.repeat(out, 'x', 50 * MB);
          TestFiles.ascii(out, "\"}\r\n\r\n" + jsonRow("T3", "") + "\n");
        });
    WithFailures.Result<PCollection<SalesLine>, DeadLetter> r = parse(file);
    PAssert.that(positions(r.output())).containsInAnyOrder("big.jsonl:1", "big.jsonl:4");
    PAssert.that(describeWithMessage(r.failures()))
        .containsInAnyOrder(
            "big.jsonl:2|malformed|null|record longer than 1000000 bytes (52428974 bytes); not read");
    p.run();
  }

  /**
   * Runs {@link ParseInSmallHeap} in a child JVM with a 256 MiB heap on files that the whole heap
   * could not hold: 200 MB without a line break (CSV and JSON lines) and 50 MB records. Before
   * records were bounded, the JSON file alone needed a 200-million-character string.
   */
  @Test
  public void hugeRecordsAreReadInBoundedMemory() throws Exception {
    String noBreakCsv = TestFiles.writeStreamed(tmp, "nobreak.csv", out -> TestFiles.repeat(out, 'h', 200 * MB));
    String noBreakJson =
        TestFiles.writeStreamed(tmp, "nobreak.json", out -> {
          TestFiles.ascii(out, "{\"a\":\"");
          TestFiles.repeat(out, 'v', 200 * MB);
        });
    String bigField =
        TestFiles.writeStreamed(tmp, "field.csv", out -> {
          TestFiles.ascii(out, HEADER + "\nT1" + ROW + "\n\"");
          TestFiles.repeat(out, 'x', 50 * MB);
          TestFiles.ascii(out, "\"" + ROW + "\nT3" + ROW + "\n");
        });
    String bigLine =
        TestFiles.writeStreamed(tmp, "line.jsonl", out -> {
          TestFiles.ascii(out, jsonStart("T1") + ",\"n\":\"");
          TestFiles.repeat(out, 'x', 50 * MB);
          TestFiles.ascii(out, "\"}\n" + jsonRow("T2", "") + "\n");
        });
    Process child =
        new ProcessBuilder(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                ParseInSmallHeap.class.getName(),
                noBreakCsv, noBreakJson, bigField, bigLine)
            .redirectErrorStream(true)
            .start();
    String output;
    try (InputStream in = child.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(output, child.waitFor(), equalTo(0));
    List<String> lines =
        Arrays.stream(output.split("\n"))
            .filter(l -> l.startsWith("OUT "))
            .map(l -> l.substring(4))
            .sorted()
            .collect(Collectors.toList());
    assertThat(
        output,
        lines,
        equalTo(
            List.of(
                "dead field.csv:3|malformed|1000000|record longer than 1000000 bytes (52428838 bytes); not read",
                "dead line.jsonl:1|malformed|1000000|record longer than 1000000 bytes (52428971 bytes); not read",
                "dead nobreak.csv:0|bad_schema|1000000|the header (the first record) is longer than 1000000 bytes"
                    + " (209715200 bytes): no row of this file was used",
                "dead nobreak.json:1|malformed|1000000|record longer than 1000000 bytes (209715206 bytes); not read",
                "done, max heap 256 MiB",
                "row field.csv:2",
                "row field.csv:4",
                "row line.jsonl:2")));
  }

  @Test
  public void aTruncatedGzipKeepsEveryIntactRowBeforeTheBreak() throws Exception {
    StringBuilder rows = new StringBuilder(HEADER + "\n");
    for (int i = 0; i < 5000; i++) {
      rows.append("T").append(i).append(ROW).append('\n');
    }
    String whole = TestFiles.writeGzip(tmp, "whole.csv.gz", rows.toString());
    byte[] bytes = Files.readAllBytes(Paths.get(whole));
    byte[] cut = Arrays.copyOf(bytes, bytes.length / 2);
    String broken = TestFiles.writeBytes(tmp, "broken.csv.gz", cut);

    // What a plain gzip reader gets out of the cut file: its whole lines are the intact rows.
    ByteArrayOutputStream prefix = new ByteArrayOutputStream();
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(cut))) {
      byte[] buf = new byte[4096];
      for (int n; (n = in.read(buf)) > 0; ) {
        prefix.write(buf, 0, n);
      }
    } catch (IOException expected) {
      // the break
    }
    String text = prefix.toString(StandardCharsets.UTF_8);
    int wholeLines = text.substring(0, text.lastIndexOf('\n') + 1).split("\n").length;
    List<String> expected = new ArrayList<>();
    for (int line = 2; line <= wholeLines; line++) {
      expected.add("broken.csv.gz:" + line);
    }
    assertThat(expected.size(), org.hamcrest.Matchers.greaterThan(1000));

    WithFailures.Result<PCollection<SalesLine>, DeadLetter> r = parse(broken);
    PAssert.that(positions(r.output())).containsInAnyOrder(expected);
    PAssert.that(describeFailures(r.failures())).containsInAnyOrder("broken.csv.gz:0|malformed|null");
    String partial = text.substring(text.lastIndexOf('\n') + 1);
    PAssert.that(r.failures())
        .satisfies(all -> {
          DeadLetter d = all.iterator().next();
          assertThat(d.getMessage(), containsString("breaks off in line " + (wholeLines + 1)));
          assertThat(d.getRaw(), equalTo(partial));
          return null;
        });
    p.run();
  }

  @Test
  public void aFileThatCannotBeReadIsUnreadableAndTheRowsBeforeAFaultStand() throws Exception {
    String gone = tmp.getRoot() + "/gone.csv"; // listed, then deleted before it was read
    String denied = FaultyFileSystem.denied("denied.csv");
    String content = HEADER + "\nT1" + ROW + "\nT2" + ROW + "\nT3" + ROW + "\n";
    // The connection breaks in the middle of line 4 (T3).
    String breaks =
        FaultyFileSystem.breaksAfter("breaks.csv", content.getBytes(StandardCharsets.UTF_8), content.length() - 10);
    WithFailures.Result<PCollection<SalesLine>, DeadLetter> r = parse(gone, denied, breaks);
    PAssert.that(positions(r.output())).containsInAnyOrder("breaks.csv:2", "breaks.csv:3");
    PAssert.that(describeFailures(r.failures()))
        .containsInAnyOrder(
            "gone.csv:0|unreadable|null", "denied.csv:0|unreadable|null", "breaks.csv:0|unreadable|null");
    PAssert.that(r.failures())
        .satisfies(all -> {
          for (DeadLetter d : all) {
            if (d.getSource().endsWith("breaks.csv")) {
              assertThat(d.getMessage(), containsString("breaks off in line 4"));
              assertThat(d.getMessage(), containsString("Connection reset"));
            } else {
              assertThat(d.getMessage(), startsWith("cannot open the file"));
            }
          }
          return null;
        });
    p.run();
  }

  @Test
  public void aFileThatChangedWhileReadIsUnreadableAndItsCutLastLineIsNotUsed() throws Exception {
    // A writer is still appending: when the file was opened, T3's amount was cut at "12".
    String content = HEADER + "\nT1" + ROW + "\nT2" + ROW + "\nT3,C1,S1,P1,SP1,2025-06-10,1.00,1,12";
    String growing =
        FaultyFileSystem.growsWhileRead("growing.csv", content.getBytes(StandardCharsets.UTF_8), content.length() + 4);
    // A file that simply has no line break at its end keeps its last row.
    String noFinalBreak = TestFiles.write(tmp, "nofinal.csv", HEADER + "\nT4" + ROW);
    WithFailures.Result<PCollection<SalesLine>, DeadLetter> r = parse(growing, noFinalBreak);
    PAssert.that(positions(r.output())).containsInAnyOrder("growing.csv:2", "growing.csv:3", "nofinal.csv:2");
    PAssert.that(describeWithMessage(r.failures()))
        .containsInAnyOrder(
            "growing.csv:0|unreadable|null|the file changed while it was read (" + content.length()
                + " bytes when opened, " + content.length() + " bytes read, " + (content.length() + 4)
                + " bytes at the end); its last line, which has no line break, was not used");
    p.run();
  }

  @Test
  public void bytesThatAreNotUtf8AreInvalidEncodingAndShownEscaped() throws Exception {
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    csv.write((HEADER + ",note\nT1" + ROW + ",Zo\u00eb \uFFFD\n").getBytes(StandardCharsets.UTF_8));
    csv.write(("T2" + ROW + ",Jos").getBytes(StandardCharsets.UTF_8));
    csv.write(new byte[] {(byte) 0xE9, ' ', '\\', (byte) 0xC3, '\n'}); // Latin-1 e-acute, a backslash, a cut sequence
    csv.write(("T3" + ROW + ",ok\n").getBytes(StandardCharsets.UTF_8));
    String latin = TestFiles.writeBytes(tmp, "latin.csv", csv.toByteArray());
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    json.write((jsonStart("T4") + ",\"city\":\"M").getBytes(StandardCharsets.UTF_8));
    json.write(new byte[] {(byte) 0xFC, 'n', 'c', 'h', 'e', 'n', '"', '}', '\n'});
    json.write((jsonRow("T5", "") + "\n").getBytes(StandardCharsets.UTF_8));
    String latinJson = TestFiles.writeBytes(tmp, "latin.jsonl", json.toByteArray());

    WithFailures.Result<PCollection<SalesLine>, DeadLetter> r = parse(latin, latinJson);
    PAssert.that(describe(r.output()))
        .containsInAnyOrder(
            // A replacement character that is in the file as UTF-8 is data like any other.
            "latin.csv:2|T1|C1|S1|id:P1|SP1|2025-06-10|1.00|1|1.00|{\"note\":\"Zo\u00eb \uFFFD\"}",
            "latin.csv:4|T3|C1|S1|id:P1|SP1|2025-06-10|1.00|1|1.00|{\"note\":\"ok\"}",
            "latin.jsonl:2|T5|C1|S1|id:P1|SP1|2025-06-10|1|1|1|{}");
    PAssert.that(describeFailures(r.failures()))
        .containsInAnyOrder("latin.csv:3|invalid_encoding|null", "latin.jsonl:1|invalid_encoding|null");
    PAssert.that(r.failures())
        .satisfies(all -> {
          for (DeadLetter d : all) {
            if (d.getSource().endsWith(".csv")) {
              assertThat(d.getRaw(), equalTo("T2" + ROW + ",Jos\\xE9 \\\\\\xC3"));
              assertThat(d.getMessage(), containsString("not UTF-8"));
            } else {
              assertThat(d.getRaw(), containsString("\"city\":\"M\\xFCnchen\""));
            }
          }
          return null;
        });
    p.run();
  }

  @Test
  public void utf16FilesAreReportedAsUtf16() throws Exception {
    String text = HEADER + "\nT1" + ROW + "\n";
    ByteArrayOutputStream le = new ByteArrayOutputStream();
    le.write(new byte[] {(byte) 0xFF, (byte) 0xFE});
    le.write(text.getBytes(StandardCharsets.UTF_16LE));
    ByteArrayOutputStream be = new ByteArrayOutputStream();
    be.write(new byte[] {(byte) 0xFE, (byte) 0xFF});
    be.write((jsonRow("T1", "") + "\n").getBytes(StandardCharsets.UTF_16BE));
    String withBom = TestFiles.writeBytes(tmp, "le.csv", le.toByteArray());
    String jsonWithBom = TestFiles.writeBytes(tmp, "be.jsonl", be.toByteArray());
    String noBom = TestFiles.writeBytes(tmp, "nobom.csv", text.getBytes(StandardCharsets.UTF_16LE));
    WithFailures.Result<PCollection<SalesLine>, DeadLetter> r = parse(withBom, jsonWithBom, noBom);
    PAssert.that(r.output()).empty();
    PAssert.that(describeWithMessage(r.failures()))
        .containsInAnyOrder(
            "le.csv:0|invalid_encoding|null|the file is UTF-16LE (it starts with the byte order mark FF FE);"
                + " landing files must be UTF-8",
            "be.jsonl:0|invalid_encoding|null|the file is UTF-16BE (it starts with the byte order mark FE FF);"
                + " landing files must be UTF-8",
            "nobom.csv:0|invalid_encoding|null|the first line has NUL bytes: the file looks like UTF-16 or"
                + " UTF-32 without a byte order mark; landing files must be UTF-8");
    p.run();
  }

  @Test
  public void jsonNumbersWithHugeExponentsStayCheap() throws Exception {
    // As a plain number 1E-999999999 is a billion characters; it must not be written out.
    String file =
        TestFiles.write(
            tmp, "exp.jsonl",
            jsonRow("T1", "").replace("\"price\":1", "\"price\":1E-999999999") + "\n"
                + jsonRow("T2", "").replace("\"price\":1", "\"price\":1e999999999") + "\n");
    WithFailures.Result<PCollection<SalesLine>, DeadLetter> r = parse(file);
    PAssert.that(describe(r.output()))
        .containsInAnyOrder(
            "exp.jsonl:1|T1|C1|S1|id:P1|SP1|2025-06-10|1E-999999999|1|1|{}",
            "exp.jsonl:2|T2|C1|S1|id:P1|SP1|2025-06-10|Infinity|1|1|{}");
    p.run();
  }

  @Test
  public void loneSurrogateEscapesInJsonAreInvalidEncoding() throws Exception {
    String file =
        TestFiles.write(
            tmp, "sur.jsonl",
            jsonRow("T1", ",\"note\":\"a\\ud800b\"") + "\n"
                + jsonRow("T2", ",\"k\\udc00\":1") + "\n"
                + jsonRow("T3", ",\"note\":[\"\\ud83d\\ude00\"]") + "\n");
    WithFailures.Result<PCollection<SalesLine>, DeadLetter> r = parse(file);
    PAssert.that(positions(r.output())).containsInAnyOrder("sur.jsonl:3");
    PAssert.that(describeFailures(r.failures()))
        .containsInAnyOrder("sur.jsonl:1|invalid_encoding|null", "sur.jsonl:2|invalid_encoding|null");
    p.run();
  }

  @Test
  public void aParserFaultOnOneRecordCostsThatRecord() throws Exception {
    // A JSON line nested deeper than Jackson's limit (1000) is one malformed row.
    String deep = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    String file = TestFiles.write(tmp, "deep.jsonl", deep + "\n" + jsonRow("T2", "") + "\n");
    WithFailures.Result<PCollection<SalesLine>, DeadLetter> r = parse(file);
    PAssert.that(positions(r.output())).containsInAnyOrder("deep.jsonl:2");
    PAssert.that(describeFailures(r.failures())).containsInAnyOrder("deep.jsonl:1|malformed|null");
    p.run();
  }
}
