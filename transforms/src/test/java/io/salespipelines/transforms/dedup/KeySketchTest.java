package io.salespipelines.transforms.dedup;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class KeySketchTest {
  /** Sketches parts of the keys apart, ships them encoded and merges them, as a runner does. */
  private static KeySketch sketch(KeySketch.Of fn, int parts, int keys, int repeatEvery) throws Exception {
    List<KeySketch> partials = new ArrayList<>();
    for (int part = 0; part < parts; part++) {
      KeySketch acc = fn.createAccumulator();
      for (int i = part; i < keys; i += parts) {
        fn.addInput(acc, "20251130-" + i);
        if (i % repeatEvery == 0) {
          // The repeat lands in another part when there are several.
          fn.addInput(partials.isEmpty() ? acc : partials.get(0), "20251130-" + i);
        }
      }
      partials.add(acc);
    }
    List<KeySketch> shipped = new ArrayList<>();
    for (KeySketch p : partials) {
      shipped.add(CoderUtils.clone(KeySketch.SketchCoder.INSTANCE, p));
    }
    return CoderUtils.clone(KeySketch.SketchCoder.INSTANCE, fn.extractOutput(fn.mergeAccumulators(shipped)));
  }

  /**
   * A sparse sketch answers lookups through a folded bitmap first: its answers must be the dense
   * form's for every key, present or not, including keys added after a lookup.
   */
  @Test
  public void aSparseSketchAnswersAsItsDenseFormDoes() throws Exception {
    KeySketch.Of fn = new KeySketch.Of(20);
    KeySketch sparse = sketch(fn, 3, 5_000, 7);
    KeySketch dense = CoderUtils.clone(KeySketch.SketchCoder.INSTANCE, sparse);
    dense.densify();
    int maybe = 0;
    for (int i = 0; i < 200_000; i++) {
      String key = (i % 2 == 0 ? "20251130-" : "other-") + i;
      assertThat(key, sparse.mightContain(key), equalTo(dense.mightContain(key)));
      assertThat(key, sparse.mightRepeat(key), equalTo(dense.mightRepeat(key)));
      maybe += sparse.mightContain(key) ? 1 : 0;
    }
    // The 2,500 keys sketched (others pass a folded bit now and then, then the search says no).
    assertThat(maybe, equalTo(2_500));
    assertThat(sparse.mightContain("added-later"), equalTo(false));
    fn.addInput(sparse, "added-later");
    assertThat(sparse.mightContain("added-later"), equalTo(true));
  }

  @Test
  public void everyKeyMayBeThereEveryRepeatMayRepeatAndFewOthersDo() throws Exception {
    KeySketch sketch = sketch(new KeySketch.Of(), 4, 20_000, 100);
    int missed = 0;
    int repeatsMissed = 0;
    int singlesSuspected = 0;
    for (int i = 0; i < 20_000; i++) {
      String key = "20251130-" + i;
      missed += sketch.mightContain(key) ? 0 : 1;
      if (i % 100 == 0) {
        repeatsMissed += sketch.mightRepeat(key) ? 0 : 1;
      } else {
        singlesSuspected += sketch.mightRepeat(key) ? 1 : 0;
      }
    }
    assertThat(missed, equalTo(0));
    assertThat(repeatsMissed, equalTo(0));
    assertThat(singlesSuspected, lessThan(5));
    int maybe = 0;
    for (int i = 0; i < 100_000; i++) {
      maybe += sketch.mightContain("other-" + i) ? 1 : 0;
    }
    assertThat(maybe, lessThan(10));
  }

  @Test
  public void aSketchThatOutgrowsItsListBecomesBitmapsWithTheSameAnswers() throws Exception {
    // 2^16 slots: the list turns into bitmaps past 2,048 entries (512 keys, four slots each).
    KeySketch.Of fn = new KeySketch.Of(16);
    KeySketch big = sketch(fn, 3, 6_000, 7);
    KeySketch small = sketch(fn, 1, 6_000, 7);
    for (int i = 0; i < 6_000; i++) {
      String key = "20251130-" + i;
      assertThat(key, big.mightContain(key), equalTo(true));
      if (i % 7 == 0) {
        assertThat(key, big.mightRepeat(key), equalTo(true));
      }
      assertThat(key, big.mightRepeat(key), equalTo(small.mightRepeat(key)));
    }
  }

  @Test
  public void fewUniqueKeysMayRepeatWhenTheSlotsAreAsFullAsA2GbFilesAre() throws Exception {
    // 6,000 keys in 2^16 slots load the sketch as 25M keys load 2^28 (a 2 GB file, 25M rows). Two
    // slots per key made 2.8% of the unique keys "may repeat" here; four make about 0.9%.
    KeySketch sketch = sketch(new KeySketch.Of(16), 2, 6_000, 1_000_000);
    int suspected = 0;
    for (int i = 1; i < 6_000; i++) {
      suspected += sketch.mightRepeat("20251130-" + i) ? 1 : 0;
    }
    assertThat(suspected, lessThan(90));
    // Key 0 was added twice (repeatEvery divides 0).
    assertThat(sketch.mightRepeat("20251130-0"), equalTo(true));
  }

  /**
   * The sketch keeps its least and greatest key through partial sketches, their coder and a merge
   * into its dense form: a range that holds none of its keys' span is ruled out, one that touches
   * it is not. 4 parts of 20,000 keys "20251130-0" to "20251130-19999" in 2^16 slots (dense).
   */
  @Test
  public void aRangeOutsideTheLeastAndGreatestKeyHoldsNoneOfThem() throws Exception {
    KeySketch sketch = sketch(new KeySketch.Of(16), 4, 20_000, 100);
    // In string order the least key is "20251130-0" and the greatest "20251130-9999".
    assertThat(sketch.mightHoldBetween("20251130-0", "20251130-0"), equalTo(true));
    assertThat(sketch.mightHoldBetween("20251130-9999", "20251131"), equalTo(true));
    assertThat(sketch.mightHoldBetween("20251129", "20251130-"), equalTo(false));
    assertThat(sketch.mightHoldBetween("20251130-99990", "20251131"), equalTo(false));
    assertThat(sketch.mightHoldBetween("A", "Z"), equalTo(false));
    assertThat(new KeySketch.Of().createAccumulator().mightHoldBetween("", "\uffff"), equalTo(false));
  }

  /**
   * Parquet orders a string column's statistics by UTF-8 bytes, where a supplementary character
   * (U+1F600, a surrogate pair in Java) sorts after U+FFFD; String#compareTo puts it before.
   */
  @Test
  public void rangesAreInTheOrderOfUtf8Bytes() {
    KeySketch.Of fn = new KeySketch.Of(16);
    KeySketch sketch = fn.addInput(fn.createAccumulator(), "id-\ud83d\ude00");
    assertThat(sketch.mightHoldBetween("id-\ufffd", "id-\ufffd"), equalTo(false));
    assertThat(sketch.mightHoldBetween("id-\ufffd", "id-\ud83d\ude01"), equalTo(true));
    assertThat(KeySketch.inCodePointOrder("\ud83d\ude00", "\ufffd") > 0, equalTo(true));
    assertThat(KeySketch.inCodePointOrder("\ud7ff", "\ud83d\ude00") < 0, equalTo(true));
    assertThat(KeySketch.inCodePointOrder("ab", "abc") < 0, equalTo(true));
  }
}
