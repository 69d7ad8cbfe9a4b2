package io.salespipelines.pipelines.salesmarts;

import io.salespipelines.pipelines.UsageException;
import io.salespipelines.pipelines.run.ExactForm;
import io.salespipelines.pipelines.run.RunContext;
import io.salespipelines.pipelines.run.Staging;
import io.salespipelines.pipelines.run.StateFiles;
import io.salespipelines.schemas.CustomerMonthlySpend;
import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.schemas.SalesTeamIncentive;
import io.salespipelines.schemas.Tables;
import io.salespipelines.schemas.ValueLimits;
import io.salespipelines.transforms.common.FilesReadPerPass;
import io.salespipelines.transforms.dedup.DeduplicateTransactions;
import io.salespipelines.transforms.dedup.EarlierKeys;
import io.salespipelines.transforms.dedup.KeySketch;
import io.salespipelines.transforms.dimensions.Dimensions;
import io.salespipelines.transforms.dimensions.ReadDimensions;
import io.salespipelines.transforms.marts.EarlierMarts;
import io.salespipelines.transforms.marts.RankTopSalesperson;
import io.salespipelines.transforms.marts.RejectOverflowingSales;
import io.salespipelines.transforms.marts.SumAllAmounts;
import io.salespipelines.transforms.marts.SumCustomerMonthlySpend;
import io.salespipelines.transforms.marts.SumSalesTeamMonthly;
import io.salespipelines.transforms.marts.SumStoreProductSales;
import io.salespipelines.transforms.marts.ToCustomerMart;
import io.salespipelines.transforms.marts.ToSalesTeamMart;
import io.salespipelines.transforms.state.KeepIf;
import io.salespipelines.transforms.state.ReadAcceptedIds;
import io.salespipelines.transforms.state.ReadTable;
import io.salespipelines.transforms.write.CountOutcomes;
import io.salespipelines.transforms.write.WriteDeadLetters;
import io.salespipelines.transforms.write.WriteParquetTable;
import io.salespipelines.transforms.write.WritePartitionedParquet;
import io.salespipelines.transforms.write.WriteTextFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The sales-marts data flow: parse, validate, join, deduplicate, then write every mart and the dead
 * letters into the run's staging folder, which the run lifecycle commits (files, then database)
 * once the pipeline has succeeded.
 */
public final class SalesMartsPipeline {
  private SalesMartsPipeline() {}

  public static void build(
      Pipeline p,
      RunContext run,
      String dimensionsDir,
      BigDecimal incentiveRate,
      int rowTableShards,
      int shuffleBuckets,
      long readOnceUpToBytes) {
    boolean direct = direct(p);
    int buckets =
        shuffleBuckets(direct, run.inputWeight(), readOnceUpToBytes, shuffleBuckets,
            Runtime.getRuntime().availableProcessors());
    Staging staging = run.staging();
    String runId = run.runId();
    PCollection<String> files =
        p.apply("ListedFiles", Create.of(run.inputFiles()).withCoder(StringUtf8Coder.of()));

    Dimensions dimensions = p.apply("ReadDimensions", new ReadDimensions(dimensionsDir));
    // Earlier runs are read as state proportional to the marts, not to history: the ids they
    // accepted (one Parquet column) and the aggregate tables they left.
    String acceptedState = run.committed(SalesMartsJob.ACCEPTED_STATE) + "/*.parquet";
    boolean earlierRuns = hasFiles(acceptedState);
    EarlierMarts earlier = readEarlierMarts(p, run, earlierRuns);
    // The earlier ids a run may repeat are picked out as they are read: a run on top of a year of
    // history hands the runner a few of millions of ids. A state file whose ids all lie outside
    // the run's least and greatest id is not decoded at all: ids that grow with time (a day's ids
    // follow yesterday's) leave a day's run only the files its own ids overlap.
    EarlierKeys earlierIds =
        earlierRuns
            ? (name, after, runKeys) ->
                p.apply(name, new ReadAcceptedIds(acceptedState).after(after).keeping(
                    KeepIf.of(runKeys, KeySketch::mightContain).skippingRanges(KeySketch::mightHoldBetween)))
            : null;
    WithFailures.Result<PCollection<EnrichedSale>, DeadLetter> deduplicated;
    PCollection<DeadLetter> readDeadLetters;
    if (direct && !readsOnce(run.inputWeight(), run.inputFiles().size(), readOnceUpToBytes)) {
      // The duplicate check's passes each read the files again rather than wait for a side input
      // holding every sale: the Direct runner keeps such sales in its heap (bounded memory for
      // one big file), while Spark keeps them in its cache (on disk by default). A small run (a
      // day's file on top of history) holds its sales instead: reading them three times cost a
      // quarter of a 50k-row run.
      FilesReadPerPass<EnrichedSale> sales = new FilesReadPerPass<>(files, () -> new ReadSales(dimensions, true));
      deduplicated =
          p.apply(
              "DeduplicateTransactions",
              new DeduplicateTransactions(buckets).rereading(sales, earlierIds));
      readDeadLetters = sales.lastDeadLetters();
      run.setInputPasses(sales.reads());
    } else {
      WithFailures.Result<PCollection<EnrichedSale>, DeadLetter> sales =
          files.apply("ReadSales", new ReadSales(dimensions, false));
      deduplicated =
          sales.output().apply("DeduplicateTransactions", new DeduplicateTransactions(buckets, earlierIds));
      readDeadLetters = sales.failures();
    }

    // A sale that would push a mart total past DECIMAL(18,2) is a dead letter, not a failed run.
    // No real total comes near it: the first run only writes the grand total, which bounds every
    // total, and the job runs again with the check when it is too large (SalesMartsJob#runAgain).
    // The check waits for totals over all sales, which held every sale in the Direct runner's heap.
    PCollection<EnrichedSale> accepted;
    PCollection<DeadLetter> overflowing;
    if (run.exact()) {
      WithFailures.Result<PCollection<EnrichedSale>, DeadLetter> inRange =
          deduplicated
              .output()
              .apply(
                  "RejectOverflowingSales",
                  new RejectOverflowingSales(earlier, incentiveRate, buckets));
      accepted = inRange.output();
      overflowing = inRange.failures();
    } else {
      accepted = deduplicated.output();
      accepted
          .apply("SumAllAmounts", new SumAllAmounts(earlier.storeProductSales))
          .apply("FormatGrandTotal", MapElements.into(TypeDescriptors.strings()).via(BigDecimal::toPlainString))
          .apply("WriteGrandTotal", WriteTextFile.to(ExactForm.grandTotalFile(staging)));
      overflowing = p.apply("NoneOverflowing", Create.empty(deadLetters(p)));
    }

    // Each Direct bundle writes its own file: the Direct runner never retries a bundle, and it would
    // shuffle every row into fixed shards.
    accepted.apply(
        "WriteAcceptedSales",
        new WriteParquetTable<>(
                Tables.ACCEPTED_SALES, staging.table(SalesMartsJob.ACCEPTED_STATE), run.filePrefix(),
                rowTableShards)
            .eachBundleToItsFile(direct));
    PCollection<DeadLetter> deadLetters =
        PCollectionList.of(run.listingDeadLetters(p))
            .and(readDeadLetters)
            .and(deduplicated.failures())
            .and(overflowing)
            .apply("AllDeadLetters", Flatten.pCollections());

    String prefix = run.filePrefix();
    accepted
        .apply("ToCustomerMart", new ToCustomerMart())
        .apply("Write" + Tables.CUSTOMER_MART.name(), new WriteParquetTable<>(
                Tables.CUSTOMER_MART, staging.table(Tables.CUSTOMER_MART.name()), prefix, rowTableShards)
            .eachBundleToItsFile(direct));
    accepted
        .apply("ToSalesTeamMart", new ToSalesTeamMart())
        .apply(
            "Write" + Tables.SALES_TEAM_MART.name(),
            new WritePartitionedParquet<>(
                Tables.SALES_TEAM_MART, staging.table(Tables.SALES_TEAM_MART.name()), prefix,
                buckets));
    // Aggregates cover every sale accepted so far (the earlier marts plus this run's sales);
    // row-level tables get this run's only.
    boolean exact = run.exact();
    accepted
        .apply("SumStoreProductSales", new SumStoreProductSales(buckets, earlier.storeProductSales))
        .apply("FittingProductTotals", ExactForm.fitting(exact, r -> List.of(r.getTotalSales())))
        .apply("Write" + Tables.STORE_PRODUCT_SALES.name(), new WriteParquetTable<>(
            Tables.STORE_PRODUCT_SALES, staging.table(Tables.STORE_PRODUCT_SALES.name()), prefix, 1));
    PCollection<CustomerMonthlySpend> monthlySpend =
        accepted.apply(
            "SumCustomerMonthlySpend", new SumCustomerMonthlySpend(buckets, earlier.customerMonthlySpend));
    monthlySpend
        .apply("FittingSpendTotals", ExactForm.fitting(exact, r -> List.of(r.getMonthlyTotal())))
        .apply("Write" + Tables.CUSTOMER_MONTHLY_SPEND.name(), new WriteParquetTable<>(
            Tables.CUSTOMER_MONTHLY_SPEND, staging.table(Tables.CUSTOMER_MONTHLY_SPEND.name()), prefix, 1));
    PCollection<SalesTeamIncentive> incentives =
        accepted
            .apply("SumSalesTeamMonthly", new SumSalesTeamMonthly(buckets, earlier.salesTeamIncentive))
            .apply("RankTopSalesperson", new RankTopSalesperson(incentiveRate, buckets));
    incentives
        .apply("FittingTeamTotals", ExactForm.fitting(exact, r -> List.of(r.getTotalSales(), r.getIncentive())))
        .apply("Write" + Tables.SALES_TEAM_INCENTIVE.name(), new WriteParquetTable<>(
            Tables.SALES_TEAM_INCENTIVE, staging.table(Tables.SALES_TEAM_INCENTIVE.name()), prefix, 1));

    deadLetters.apply(
        "WriteDeadLetters", new WriteDeadLetters(runId, staging.table(Tables.DEAD_LETTER), prefix));
    p.apply("CountOutcomes", new CountOutcomes(
            accepted, deadLetters, staging.countsFile(), staging.rejectedFilesFile()));
  }

  /**
   * The most files a small run reads once on the Direct runner. Each file's sales reach the
   * duplicate check as bundles of their own, and the Direct runner sets up a step again for every
   * bundle that waits for a side input, round after round until it is ready: 200 files of 30 rows
   * took 41–50 s read once against 29 s read in passes; at 8 files the two forms were even.
   */
  static final int READ_ONCE_MOST_FILES = 8;

  /**
   * The hash buckets of the shuffles. On the Direct runner every bucket is a bundle of each step
   * after the shuffle, and the runner sets a step up again for every bundle (a few ms each, some
   * 550 bundles in a +10k run on top of 1M rows with 16 buckets). A light run shuffles only its
   * own sales and the few earlier ones they touch, so it takes one bucket per core (at least 2)
   * unless fewer are asked for: about 0.5 s of a 7.9 s run. Other runners get what is asked for.
   */
  static int shuffleBuckets(boolean direct, long inputWeight, long lightUpToBytes, int asked, int cores) {
    return direct && inputWeight <= lightUpToBytes ? Math.min(asked, Math.max(2, cores)) : asked;
  }

  /** Whether the Direct runner reads a run's files once (else once per pass of the duplicate check). */
  static boolean readsOnce(long inputWeight, int files, long upToBytes) {
    return inputWeight <= upToBytes && files <= READ_ONCE_MOST_FILES;
  }

  private static boolean direct(Pipeline p) {
    return p.getOptions().getRunner().getSimpleName().equals("DirectRunner");
  }

  private static org.apache.beam.sdk.coders.Coder<DeadLetter> deadLetters(Pipeline p) {
    try {
      return p.getSchemaRegistry().getSchemaCoder(DeadLetter.class);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The committed aggregate tables. A commit that was interrupted was completed before the
   * pipeline is built, and the lock keeps other runs out, so they are the last run's whole tables.
   */
  private static EarlierMarts readEarlierMarts(Pipeline p, RunContext run, boolean earlierRuns) {
    for (String table : AGGREGATES) {
      // Earlier runs committed every aggregate with their accepted sales; one that is gone (deleted
      // by hand) would silently lose their totals.
      if (earlierRuns && !hasFiles(run.committed(table) + "/_SUCCESS")) {
        throw new UsageException(
            "the output has accepted sales of earlier runs but no complete " + table + " table, which holds"
                + " their totals (runs merge into it); restore it, or run over all inputs into a new --output");
      }
    }
    return new EarlierMarts(
        p.apply("ReadEarlier" + Tables.STORE_PRODUCT_SALES.name(), new ReadTable<>(
            Tables.STORE_PRODUCT_SALES, run.committed(Tables.STORE_PRODUCT_SALES.name()) + "/*.parquet")),
        p.apply("ReadEarlier" + Tables.CUSTOMER_MONTHLY_SPEND.name(), new ReadTable<>(
            Tables.CUSTOMER_MONTHLY_SPEND, run.committed(Tables.CUSTOMER_MONTHLY_SPEND.name()) + "/*.parquet")),
        p.apply("ReadEarlier" + Tables.SALES_TEAM_INCENTIVE.name(), new ReadTable<>(
            Tables.SALES_TEAM_INCENTIVE, run.committed(Tables.SALES_TEAM_INCENTIVE.name()) + "/*.parquet")));
  }

  private static final List<String> AGGREGATES =
      List.of(Tables.STORE_PRODUCT_SALES.name(), Tables.CUSTOMER_MONTHLY_SPEND.name(),
          Tables.SALES_TEAM_INCENTIVE.name());

  /** A first run has no state files: it needs no duplicate check against earlier ids at all. */
  private static boolean hasFiles(String glob) {
    try {
      return !StateFiles.match(glob).isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + glob, e);
    }
  }
}
