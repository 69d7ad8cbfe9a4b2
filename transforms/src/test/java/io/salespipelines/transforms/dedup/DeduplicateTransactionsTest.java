package io.salespipelines.transforms.dedup;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.transforms.testing.Sales;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import io.salespipelines.transforms.common.Reread;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithFailures;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class DeduplicateTransactionsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void keepsTheFirstBySourceAndLine() {
    WithFailures.Result<PCollection<EnrichedSale>, DeadLetter> r =
        p.apply(
                Create.of(
                    Sales.sale("T1", "S1", "C1", "SP1", "2025-06-10", "1.00", "/in/b.csv", 2),
                    Sales.sale("T1", "S1", "C1", "SP1", "2025-06-10", "2.00", "/in/a.csv", 9),
                    Sales.sale("T1", "S1", "C1", "SP1", "2025-06-10", "3.00", "/in/a.csv", 10),
                    Sales.sale("T2", "S1", "C1", "SP1", "2025-06-10", "4.00", "/in/b.csv", 3)))
            .apply(new DeduplicateTransactions(3));
    PAssert.that(
            r.output()
                .apply(
                    "DescribeKept",
                    MapElements.into(TypeDescriptors.strings())
                        .via(s -> s.getTransactionId() + "|" + s.getSource() + ":" + s.getLine())))
        .containsInAnyOrder("T1|/in/a.csv:9", "T2|/in/b.csv:3");
    PAssert.that(
            r.failures()
                .apply(
                    "DescribeDuplicates",
                    MapElements.into(TypeDescriptors.strings())
                        .via(d -> d.getSource() + ":" + d.getLine() + "|" + d.getErrorType() + "|" + d.getMessage())))
        .containsInAnyOrder(
            "/in/b.csv:2|duplicate|transaction_id 'T1' was already accepted from /in/a.csv line 9",
            "/in/a.csv:10|duplicate|transaction_id 'T1' was already accepted from /in/a.csv line 9");
    p.run();
  }

  @Test
  public void idsAcceptedByAnEarlierRunAreDuplicates() {
    WithFailures.Result<PCollection<EnrichedSale>, DeadLetter> r =
        p.apply(
                "New",
                Create.of(
                    Sales.sale("T1", "S1", "C1", "SP1", "2025-06-10", "1.00", "/in/c.csv", 2),
                    Sales.sale("T9", "S1", "C1", "SP1", "2025-06-10", "1.00", "/in/c.csv", 3)))
            .apply(new DeduplicateTransactions(2, p.apply("Earlier", Create.of("T1", "T5"))));
    PAssert.that(
            r.output()
                .apply("DescribeKept", MapElements.into(TypeDescriptors.strings()).via(EnrichedSale::getTransactionId)))
        .containsInAnyOrder("T9");
    PAssert.that(
            r.failures()
                .apply("DescribeDuplicates", MapElements.into(TypeDescriptors.strings()).via(d -> d.getLine() + "|" + d.getMessage())))
        .containsInAnyOrder("2|transaction_id 'T1' was already accepted from an earlier run");
    p.run();
  }

  /** 300 sales, every 50th repeated earlier in the files, every 70th (from T1) accepted earlier. */
  private static final class Suspects {
    final List<EnrichedSale> sales = new ArrayList<>();
    final List<String> kept = new ArrayList<>();
    final List<String> duplicates = new ArrayList<>();
    final List<String> earlier = new ArrayList<>();

    Suspects() {
      for (int i = 0; i < 300; i++) {
        String id = "T" + i;
        sales.add(Sales.sale(id, "S1", "C1", "SP1", "2025-06-10", "1.00", "/in/b.csv", i + 2));
        if (i % 50 == 0) {
          // Repeated earlier in the files: the later-sorted copy in b.csv is the duplicate.
          sales.add(Sales.sale(id, "S1", "C1", "SP1", "2025-06-10", "1.00", "/in/a.csv", i + 2));
          kept.add(id + "|/in/a.csv:" + (i + 2));
          duplicates.add("/in/b.csv:" + (i + 2) + "|transaction_id '" + id + "' was already accepted from /in/a.csv line " + (i + 2));
        } else if (i % 70 == 1) {
          duplicates.add("/in/b.csv:" + (i + 2) + "|transaction_id '" + id + "' was already accepted from an earlier run");
        } else {
          kept.add(id + "|/in/b.csv:" + (i + 2));
        }
      }
      for (int i = 1; i < 300; i += 70) {
        earlier.add("T" + i);
      }
      earlier.add("NOT-IN-THIS-RUN");
    }

    void assertOutcome(WithFailures.Result<PCollection<EnrichedSale>, DeadLetter> r) {
      PAssert.that(
              r.output()
                  .apply(
                      "DescribeKept",
                      MapElements.into(TypeDescriptors.strings())
                          .via(s -> s.getTransactionId() + "|" + s.getSource() + ":" + s.getLine())))
          .containsInAnyOrder(kept);
      PAssert.that(
              r.failures()
                  .apply(
                      "DescribeDuplicates",
                      MapElements.into(TypeDescriptors.strings())
                          .via(d -> d.getSource() + ":" + d.getLine() + "|" + d.getMessage())))
          .containsInAnyOrder(duplicates);
    }
  }

  /**
   * With a sketch of 16 slots nearly every key "may repeat" or "may be earlier": the exact path then
   * decides them all, and must give what it gives for the few the real sketch lets through.
   */
  @Test
  public void keysTheSketchOnlySuspectedAreKept() {
    Suspects c = new Suspects();
    c.assertOutcome(
        p.apply("Sales", Create.of(c.sales))
            .apply(new DeduplicateTransactions(3, p.apply("Earlier", Create.of(c.earlier)), 4)));
    p.run();
  }

  /**
   * The form for the Direct runner reads the sales three times (each read starts once what its pass
   * needs is complete) and the earlier ids once, after the run's sketch, and decides the same.
   */
  @Test
  public void rereadingForEachPassDecidesTheSame() {
    Suspects c = new Suspects();
    List<String> reads = new ArrayList<>();
    Reread<EnrichedSale> sales =
        (name, after) -> {
          reads.add(name + " after " + after.size());
          PCollection<EnrichedSale> read = p.apply(name, Create.of(c.sales));
          return after.isEmpty() ? read : read.apply(name + "Wait", Wait.on(after.toArray(new PCollection<?>[0])));
        };
    // All earlier ids, the sketch notwithstanding: a reader may leave out ids the run lacks, need not.
    EarlierKeys earlier =
        (name, after, runKeys) -> {
          reads.add(name + " after " + after.size());
          return p.apply(name, Create.of(c.earlier)).apply(name + "Wait", Wait.on(after.toArray(new PCollection<?>[0])));
        };
    c.assertOutcome(p.apply(new DeduplicateTransactions(3, null, 4).rereading(sales, earlier)));
    assertThat(
        reads,
        equalTo(List.of("ReadForSketch after 0", "EarlierKeysThisRunMayHave after 1", "ReadForPlaces after 2", "ReadToDecide after 1")));
    p.run();
  }
}
