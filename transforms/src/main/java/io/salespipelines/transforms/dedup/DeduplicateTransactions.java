package io.salespipelines.transforms.dedup;

import io.salespipelines.schemas.EnrichedSale;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Keeps one sale per transaction_id: the first by (source path, line number), whatever order the
 * runner delivers them in. The others become {@code duplicate} dead letters naming the kept one. An
 * id that an earlier run accepted makes every sale with it a duplicate.
 */
public class DeduplicateTransactions extends DeduplicateByKey<EnrichedSale> {
  /** @param buckets shuffle keys used to bring equal ids together */
  public DeduplicateTransactions(int buckets) {
    this(buckets, (EarlierKeys) null);
  }

  /** @param earlierIds transaction ids accepted by earlier runs over the same output */
  public DeduplicateTransactions(int buckets, @Nullable PCollection<String> earlierIds) {
    this(buckets, earlierIds == null ? null : EarlierKeys.of(earlierIds));
  }

  /** @param earlierIds reads the transaction ids accepted by earlier runs over the same output */
  public DeduplicateTransactions(int buckets, @Nullable EarlierKeys earlierIds) {
    super("transaction_id", new SaleOrigin(), buckets, earlierIds);
  }

  /** With a sketch of 2^log2Slots slots: a test makes it tiny so that unique ids take the exact path. */
  DeduplicateTransactions(int buckets, @Nullable PCollection<String> earlierIds, int log2Slots) {
    super("transaction_id", new SaleOrigin(), buckets, earlierIds == null ? null : EarlierKeys.of(earlierIds), log2Slots);
  }

  static class SaleOrigin implements Origin<EnrichedSale> {
    @Override
    public String key(EnrichedSale sale) {
      return sale.getTransactionId();
    }

    @Override
    public String source(EnrichedSale sale) {
      return sale.getSource();
    }

    @Override
    public long line(EnrichedSale sale) {
      return sale.getLine();
    }

    @Override
    public String raw(EnrichedSale sale) {
      return sale.getRaw();
    }
  }
}
