package io.salespipelines.pipelines.salesmarts;

import io.salespipelines.pipelines.run.RunContext;
import io.salespipelines.pipelines.run.Staging;
import io.salespipelines.schemas.CustomerMonthlySpend;
import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.schemas.SalesLine;
import io.salespipelines.schemas.SalesTeamIncentive;
import io.salespipelines.schemas.SalesTransaction;
import io.salespipelines.schemas.Tables;
import io.salespipelines.transforms.dedup.DeduplicateTransactions;
import io.salespipelines.transforms.dimensions.Dimensions;
import io.salespipelines.transforms.dimensions.ReadDimensions;
import io.salespipelines.transforms.join.JoinDimensions;
import io.salespipelines.transforms.marts.RankTopSalesperson;
import io.salespipelines.transforms.marts.RejectOverflowingSales;
import io.salespipelines.transforms.marts.SumCustomerMonthlySpend;
import io.salespipelines.transforms.marts.SumSalesTeamMonthly;
import io.salespipelines.transforms.marts.SumStoreProductSales;
import io.salespipelines.transforms.marts.ToCustomerMart;
import io.salespipelines.transforms.marts.ToSalesTeamMart;
import io.salespipelines.transforms.parse.ParseSalesFile;
import io.salespipelines.transforms.state.ReadAcceptedSales;
import io.salespipelines.transforms.validate.ValidateSalesLine;
import io.salespipelines.transforms.write.CountOutcomes;
import io.salespipelines.transforms.write.WriteDeadLetters;
import io.salespipelines.transforms.write.WriteParquetTable;
import io.salespipelines.transforms.write.WritePartitionedParquet;
import java.math.BigDecimal;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
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
      int shuffleBuckets) {
    Staging staging = run.staging();
    String runId = run.runId();
    PCollection<String> files =
        p.apply("ListedFiles", Create.of(run.inputFiles()).withCoder(StringUtf8Coder.of()));

    WithFailures.Result<PCollection<SalesLine>, DeadLetter> parsed =
        files.apply("ParseSalesFile", new ParseSalesFile());
    WithFailures.Result<PCollection<SalesTransaction>, DeadLetter> validated =
        parsed.output().apply("ValidateSalesLine", new ValidateSalesLine());
    Dimensions dimensions = p.apply("ReadDimensions", new ReadDimensions(dimensionsDir));
    WithFailures.Result<PCollection<EnrichedSale>, DeadLetter> joined =
        validated.output().apply("JoinDimensions", new JoinDimensions(dimensions));
    PCollection<EnrichedSale> acceptedEarlier =
        p.apply(
            "ReadAcceptedSales",
            new ReadAcceptedSales(run.committed(SalesMartsJob.ACCEPTED_STATE) + "/*.parquet"));
    PCollection<String> earlierIds =
        acceptedEarlier.apply(
            "EarlierIds",
            MapElements.into(TypeDescriptors.strings()).via(EnrichedSale::getTransactionId));
    WithFailures.Result<PCollection<EnrichedSale>, DeadLetter> deduplicated =
        joined
            .output()
            .apply(
                "DeduplicateTransactions", new DeduplicateTransactions(shuffleBuckets, earlierIds));

    // A sale that would push a mart total past DECIMAL(18,2) is a dead letter, not a failed run.
    WithFailures.Result<PCollection<EnrichedSale>, DeadLetter> inRange =
        deduplicated
            .output()
            .apply(
                "RejectOverflowingSales",
                new RejectOverflowingSales(acceptedEarlier, incentiveRate, shuffleBuckets));

    PCollection<EnrichedSale> accepted = inRange.output();
    // Aggregates cover every sale accepted so far; row-level tables get this run's only.
    PCollection<EnrichedSale> acceptedSoFar =
        PCollectionList.of(acceptedEarlier).and(accepted).apply("AcceptedSoFar", Flatten.pCollections());
    accepted.apply(
        "WriteAcceptedSales",
        new WriteParquetTable<>(
            Tables.ACCEPTED_SALES, staging.table(SalesMartsJob.ACCEPTED_STATE), run.filePrefix(),
            rowTableShards));
    PCollection<DeadLetter> deadLetters =
        PCollectionList.of(run.listingDeadLetters(p))
            .and(parsed.failures())
            .and(validated.failures())
            .and(joined.failures())
            .and(deduplicated.failures())
            .and(inRange.failures())
            .apply("AllDeadLetters", Flatten.pCollections());

    String prefix = run.filePrefix();
    accepted
        .apply("ToCustomerMart", new ToCustomerMart())
        .apply("Write" + Tables.CUSTOMER_MART.name(), new WriteParquetTable<>(
            Tables.CUSTOMER_MART, staging.table(Tables.CUSTOMER_MART.name()), prefix, rowTableShards));
    accepted
        .apply("ToSalesTeamMart", new ToSalesTeamMart())
        .apply(
            "Write" + Tables.SALES_TEAM_MART.name(),
            new WritePartitionedParquet<>(
                Tables.SALES_TEAM_MART, staging.table(Tables.SALES_TEAM_MART.name()), prefix,
                shuffleBuckets));
    acceptedSoFar
        .apply("SumStoreProductSales", new SumStoreProductSales(shuffleBuckets))
        .apply("Write" + Tables.STORE_PRODUCT_SALES.name(), new WriteParquetTable<>(
            Tables.STORE_PRODUCT_SALES, staging.table(Tables.STORE_PRODUCT_SALES.name()), prefix, 1));
    PCollection<CustomerMonthlySpend> monthlySpend =
        acceptedSoFar.apply("SumCustomerMonthlySpend", new SumCustomerMonthlySpend(shuffleBuckets));
    monthlySpend
        .apply("Write" + Tables.CUSTOMER_MONTHLY_SPEND.name(), new WriteParquetTable<>(
            Tables.CUSTOMER_MONTHLY_SPEND, staging.table(Tables.CUSTOMER_MONTHLY_SPEND.name()), prefix, 1));
    PCollection<SalesTeamIncentive> incentives =
        acceptedSoFar
            .apply("SumSalesTeamMonthly", new SumSalesTeamMonthly(shuffleBuckets))
            .apply("RankTopSalesperson", new RankTopSalesperson(incentiveRate, shuffleBuckets));
    incentives
        .apply("Write" + Tables.SALES_TEAM_INCENTIVE.name(), new WriteParquetTable<>(
            Tables.SALES_TEAM_INCENTIVE, staging.table(Tables.SALES_TEAM_INCENTIVE.name()), prefix, 1));

    deadLetters.apply(
        "WriteDeadLetters", new WriteDeadLetters(runId, staging.table(Tables.DEAD_LETTER), prefix));
    p.apply("CountOutcomes", new CountOutcomes(
            accepted, deadLetters, staging.countsFile(), staging.rejectedFilesFile()));
  }
}
