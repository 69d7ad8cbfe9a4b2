package io.salespipelines.transforms.parse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.SalesLine;
import io.salespipelines.transforms.testing.TestFiles;
import java.util.List;
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
}
