package io.salespipelines.transforms.marts;

import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.schemas.StoreProductSales;
import io.salespipelines.transforms.common.SumMoney;
import java.math.BigDecimal;
import org.apache.beam.sdk.coders.BigDecimalCoder;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
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
    return PCollectionList.of(earlierAmounts)
        .and(runAmounts)
        .apply("AmountsSoFar", Flatten.pCollections())
        .apply("Sum", new SumMoney());
  }
}
