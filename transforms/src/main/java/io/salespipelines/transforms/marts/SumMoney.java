package io.salespipelines.transforms.marts;

import java.math.BigDecimal;
import org.apache.beam.sdk.transforms.Combine;

/** Exact sum of amounts; combinable, so runners add up partial sums before the shuffle. */
public class SumMoney extends Combine.BinaryCombineFn<BigDecimal> {
  @Override
  public BigDecimal apply(BigDecimal left, BigDecimal right) {
    return left.add(right);
  }

  @Override
  public BigDecimal identity() {
    return BigDecimal.ZERO.setScale(2);
  }
}
