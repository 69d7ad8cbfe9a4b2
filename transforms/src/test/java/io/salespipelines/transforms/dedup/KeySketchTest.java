package io.salespipelines.transforms.dedup;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class KeySketchTest {
  @Test
  public void everySketchedKeyMayBeThereAndFewOthersDo() throws Exception {
    KeySketch.Of fn = new KeySketch.Of();
    List<BitSet> parts = new ArrayList<>();
    for (int part = 0; part < 4; part++) {
      BitSet acc = fn.createAccumulator();
      for (int i = part; i < 20_000; i += 4) {
        fn.addInput(acc, "20251130-" + i);
      }
      // Accumulators travel between workers encoded.
      parts.add(CoderUtils.clone(KeySketch.BITS_CODER, acc));
    }
    BitSet sketch = fn.extractOutput(fn.mergeAccumulators(parts));
    int missed = 0;
    for (int i = 0; i < 20_000; i++) {
      missed += KeySketch.mightContain(sketch, "20251130-" + i) ? 0 : 1;
    }
    assertThat(missed, equalTo(0));
    int maybe = 0;
    for (int i = 0; i < 100_000; i++) {
      maybe += KeySketch.mightContain(sketch, "other-" + i) ? 1 : 0;
    }
    // 20k of 2^24 slots set: about 0.12% of other keys answer "maybe".
    assertThat(maybe, lessThan(400));
  }
}
