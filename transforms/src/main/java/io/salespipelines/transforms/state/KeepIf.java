package io.salespipelines.transforms.state;

import java.io.Serializable;
import java.util.function.Predicate;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.SerializableBiFunction;
import org.apache.beam.sdk.values.PCollectionView;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A filter a read applies as it goes: a side input and a test of each row against its value (for
 * {@link ReadParquetFiles#keeping}), and optionally a test of a row group's range of values, by
 * which a read skips row groups the filter would drop whole without decoding them.
 */
public final class KeepIf<S, T> implements Serializable {
  private final PCollectionView<S> view;
  private final SerializableBiFunction<S, T, Boolean> test;
  private final @Nullable RangeTest<S, T> rangeTest;

  private KeepIf(PCollectionView<S> view, SerializableBiFunction<S, T, Boolean> test, @Nullable RangeTest<S, T> rangeTest) {
    this.view = view;
    this.test = test;
    this.rangeTest = rangeTest;
  }

  /** Keeps the rows for which {@code test(side input value, row)} is true. */
  public static <S, T> KeepIf<S, T> of(PCollectionView<S> view, SerializableBiFunction<S, T, Boolean> test) {
    return new KeepIf<>(view, test, null);
  }

  /**
   * Also skips a row group when {@code rangeTest(side input value, least, greatest)} is false for
   * the least and greatest value its column statistics give: the test says no row between them
   * could be kept. A row group without statistics is read.
   */
  public KeepIf<S, T> skippingRanges(RangeTest<S, T> rangeTest) {
    return new KeepIf<>(view, test, rangeTest);
  }

  boolean testsRanges() {
    return rangeTest != null;
  }

  PCollectionView<S> view() {
    return view;
  }

  /** The test with the side input's value in the element's window. */
  Predicate<T> given(DoFn<?, ?>.ProcessContext c) {
    S value = c.sideInput(view);
    return row -> test.apply(value, row);
  }

  /** The range test with the side input's value, or null if there is none. */
  RangeTest.@Nullable Given<T> rangeGiven(DoFn<?, ?>.ProcessContext c) {
    if (rangeTest == null) {
      return null;
    }
    S value = c.sideInput(view);
    return (least, greatest) -> rangeTest.mayKeepBetween(value, least, greatest);
  }

  /** Whether any row whose value lies between least and greatest (inclusive) may be kept. */
  @FunctionalInterface
  public interface RangeTest<S, T> extends Serializable {
    boolean mayKeepBetween(S value, T least, T greatest);

    /** The test with its side input's value. */
    @FunctionalInterface
    interface Given<T> {
      boolean mayKeepBetween(T least, T greatest);
    }
  }
}
