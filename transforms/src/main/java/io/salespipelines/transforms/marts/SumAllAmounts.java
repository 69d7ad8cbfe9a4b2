package io.salespipelines.transforms.marts;

import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.schemas.StoreProductSales;
import java.math.BigDecimal;
import org.apache.beam.sdk.coders.BigDecimalCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The sum of every amount accepted so far: what earlier runs accepted (their store_product_sales
 * totals, which add up to it) plus this run's sales. Amounts are never negative, so no total of
 * the marts can be larger: while this one fits a limit, every total does (see {@link
 * RejectOverflowingSales#mayOverflow}). One element, zero when there is nothing.
 */
public class SumAllAmounts extends PTransform<PCollection<EnrichedSale>, PCollection<BigDecimal>> {
  private final PCollection<StoreProductSales> earlierStoreProductSales;

  /** @param earlierStoreProductSales the store_product_sales table earlier runs left */
  public SumAllAmounts(PCollection<StoreProductSales> earlierStoreProductSales) {
    this.earlierStoreProductSales = earlierStoreProductSales;
  }

  @Override
  public PCollection<BigDecimal> expand(PCollection<EnrichedSale> sales) {
    PCollection<BigDecimal> earlierAmounts =
        earlierStoreProductSales
            .apply("EarlierAmounts", MapElements.into(TypeDescriptors.bigdecimals()).via(StoreProductSales::getTotalSales))
            .setCoder(BigDecimalCoder.of());
    PCollection<BigDecimal> runAmounts =
        sales
            .apply("Amounts", MapElements.into(TypeDescriptors.bigdecimals()).via(EnrichedSale::getTotalCost))
            .setCoder(BigDecimalCoder.of());
    // Zero among the amounts, so that there is one sum when there are none. The sum is per key (one
    // key) rather than Combine.globally, which Beam's Spark runner computes while it translates the
    // pipeline, in a Spark job of its own before the rest; both runners combine it per bundle first.
    PCollection<BigDecimal> zero =
        sales.getPipeline().apply("Zero", Create.of(BigDecimal.ZERO).withCoder(BigDecimalCoder.of()));
    return PCollectionList.of(earlierAmounts)
        .and(runAmounts)
        .and(zero)
        .apply("AmountsSoFar", Flatten.pCollections())
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
