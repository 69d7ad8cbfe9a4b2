package io.salespipelines.transforms.state;

import java.io.Serializable;
import java.util.function.Predicate;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.SerializableBiFunction;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * A filter a read applies as it goes: a side input and a test of each row against its value (for
 * {@link ReadParquetFiles#keeping}).
 */
public final class KeepIf<S, T> implements Serializable {
  private final PCollectionView<S> view;
  private final SerializableBiFunction<S, T, Boolean> test;

  private KeepIf(PCollectionView<S> view, SerializableBiFunction<S, T, Boolean> test) {
    this.view = view;
    this.test = test;
  }

  /** Keeps the rows for which {@code test(side input value, row)} is true. */
  public static <S, T> KeepIf<S, T> of(PCollectionView<S> view, SerializableBiFunction<S, T, Boolean> test) {
    return new KeepIf<>(view, test);
  }

  PCollectionView<S> view() {
    return view;
  }

  /** The test with the side input's value in the element's window. */
  Predicate<T> given(DoFn<?, ?>.ProcessContext c) {
    S value = c.sideInput(view);
    return row -> test.apply(value, row);
  }
}
