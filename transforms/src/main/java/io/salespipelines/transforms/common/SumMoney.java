package io.salespipelines.transforms.common;

import java.math.BigDecimal;
import org.apache.beam.sdk.coders.BigDecimalCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * The exact sum of amounts: one element, zero when there are none (the grand totals the overflow
 * checks start from).
 */
public class SumMoney extends PTransform<PCollection<BigDecimal>, PCollection<BigDecimal>> {
  @Override
  public PCollection<BigDecimal> expand(PCollection<BigDecimal> amounts) {
    // Zero among the amounts, so that there is one sum when there are none. The sum is per key (one
    // key) rather than Combine.globally, which Beam's Spark runner computes while it translates the
    // pipeline, in a Spark job of its own before the rest; both runners combine it per bundle first.
    PCollection<BigDecimal> zero =
        amounts.getPipeline().apply("Zero", Create.of(BigDecimal.ZERO).withCoder(BigDecimalCoder.of()));
    return PCollectionList.of(amounts)
        .and(zero)
        .apply("WithZero", Flatten.pCollections())
        // A key whose coder is consistent with equals: Spark's grouping warns of a Void key's.
        .apply("UnderOneKey", WithKeys.of(""))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), BigDecimalCoder.of()))
        .apply("Sum", Combine.perKey(new AddAmounts()))
        .apply("Total", Values.create())
        .setCoder(BigDecimalCoder.of());
  }

  static final class AddAmounts extends Combine.BinaryCombineFn<BigDecimal> {
    @Override
    public BigDecimal apply(BigDecimal left, BigDecimal right) {
      return left.add(right);
    }

    @Override
    public BigDecimal identity() {
      return BigDecimal.ZERO;
    }
  }
}
