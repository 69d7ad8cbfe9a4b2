package io.salespipelines.transforms.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class WhenCompleteTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  // The Direct runner runs the steps in this JVM: the signals' steps count what they saw here.
  private static final AtomicInteger SIGNALLED = new AtomicInteger();

  @Before
  public void reset() {
    SIGNALLED.set(0);
  }

  /**
   * Three file names wait until both signals (6,000 elements in several bundles) have gone through
   * their steps: each released name sees every signal element counted. Ungated, the three names
   * are ready long before.
   */
  @Test
  public void releasesTheInputOnlyOnceEverySignalIsComplete() {
    PCollection<String> files = p.apply("Files", Create.of("a.csv", "b.csv", "c.csv").withCoder(StringUtf8Coder.of()));
    List<PCollection<?>> signals = new ArrayList<>();
    for (int s = 0; s < 2; s++) {
      List<Integer> numbers = new ArrayList<>();
      for (int i = 0; i < 3_000; i++) {
        numbers.add(i);
      }
      signals.add(
          p.apply("Numbers" + s, Create.of(numbers).withCoder(VarIntCoder.of()))
              .apply("Count" + s, ParDo.of(new CountFn())));
    }
    PCollection<String> seen =
        files.apply(WhenComplete.of(signals)).apply("SeenByEach", ParDo.of(new SeenFn()));
    PAssert.that(seen).containsInAnyOrder("a.csv saw 6000", "b.csv saw 6000", "c.csv saw 6000");
    p.run();
  }

  @Test
  public void anEmptySignalOrNoneLetsEverythingThrough() {
    PCollection<String> files = p.apply("Files", Create.of("a.csv", "b.csv").withCoder(StringUtf8Coder.of()));
    PCollection<Integer> empty = p.apply("Empty", Create.empty(VarIntCoder.of()));
    PAssert.that(files.apply("AfterEmpty", WhenComplete.of(List.of(empty)))).containsInAnyOrder("a.csv", "b.csv");
    PAssert.that(files.apply("AfterNone", WhenComplete.of(List.of()))).containsInAnyOrder("a.csv", "b.csv");
    p.run();
  }

  static final class CountFn extends DoFn<Integer, Integer> {
    @ProcessElement
    public void process(@Element Integer n, OutputReceiver<Integer> out) {
      SIGNALLED.incrementAndGet();
      out.output(n);
    }
  }

  static final class SeenFn extends DoFn<String, String> {
    @ProcessElement
    public void process(@Element String file, OutputReceiver<String> out) {
      out.output(file + " saw " + SIGNALLED.get());
    }
  }
}
