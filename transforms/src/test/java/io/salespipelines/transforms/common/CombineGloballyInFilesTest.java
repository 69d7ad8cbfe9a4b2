package io.salespipelines.transforms.common;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class CombineGloballyInFilesTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** 10,000 numbers from several inputs (so several bundles): one sum, the same as Sum.globally's. */
  @Test
  public void combinesEveryBundlesAccumulatorOnce() {
    List<PCollection<Long>> parts = new ArrayList<>();
    long expected = 0;
    for (int part = 0; part < 5; part++) {
      List<Long> numbers = new ArrayList<>();
      for (long i = 0; i < 2_000; i++) {
        numbers.add(part * 2_000 + i);
        expected += part * 2_000 + i;
      }
      parts.add(p.apply("Part" + part, Create.of(numbers).withCoder(VarLongCoder.of())));
    }
    PCollection<Long> all = org.apache.beam.sdk.values.PCollectionList.of(parts).apply(org.apache.beam.sdk.transforms.Flatten.pCollections());
    PCollection<Long> sum =
        all.apply(new CombineGloballyInFiles<>(new AddLongs(), VarLongCoder.of(), VarLongCoder.of()));
    PAssert.that(sum).containsInAnyOrder(expected);
    // And it is usable as a signal (the duplicate check waits on sketches made this way).
    PAssert.that(p.apply("Go", Create.of(1L)).apply(Wait.on(sum))).containsInAnyOrder(1L);
    p.run();
  }

  @Test
  public void emptyInputGivesNothing() {
    PCollection<Long> sum =
        p.apply(Create.empty(VarLongCoder.of()))
            .apply(new CombineGloballyInFiles<>(new AddLongs(), VarLongCoder.of(), VarLongCoder.of()));
    PAssert.that(sum).empty();
    p.run();
  }

  /** A sum whose accumulator is the running total. */
  static final class AddLongs extends Combine.CombineFn<Long, Long, Long> {
    @Override
    public Long createAccumulator() {
      return 0L;
    }

    @Override
    public Long addInput(Long sum, Long input) {
      return sum + input;
    }

    @Override
    public Long mergeAccumulators(Iterable<Long> sums) {
      long total = 0;
      for (long s : sums) {
        total += s;
      }
      return total;
    }

    @Override
    public Long extractOutput(Long sum) {
      return sum;
    }
  }
}
