package io.salespipelines.pipelines.salesmarts;

import io.salespipelines.pipelines.UsageException;
import io.salespipelines.pipelines.publish.Publishable;
import io.salespipelines.pipelines.run.BatchJob;
import io.salespipelines.pipelines.run.CommittedTable;
import io.salespipelines.pipelines.run.Locations;
import io.salespipelines.pipelines.run.ExactForm;
import io.salespipelines.pipelines.run.RunContext;
import io.salespipelines.pipelines.run.StateFiles;
import io.salespipelines.pipelines.s3.S3Preflight;
import io.salespipelines.schemas.SqlTable;
import io.salespipelines.schemas.Tables;
import io.salespipelines.transforms.dimensions.DimensionFileReader;
import io.salespipelines.transforms.dimensions.DimensionTable;
import io.salespipelines.transforms.dimensions.ReadDimensions;
import io.salespipelines.transforms.marts.RejectOverflowingSales;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.Pipeline;

/**
 * {@code sales-marts} (SPEC 1): its tables, its checks and its data flow ({@link
 * SalesMartsPipeline}); the run around them is the shared {@link BatchJob} lifecycle.
 */
public final class SalesMartsJob extends BatchJob<SalesMartsOptions> {
  /** Where earlier runs' accepted sales are kept, relative to the output. */
  static final String ACCEPTED_STATE = "_state/" + Tables.ACCEPTED_SALES.name();

  @Override
  public String name() {
    return "sales-marts";
  }

  @Override
  public Class<SalesMartsOptions> optionsType() {
    return SalesMartsOptions.class;
  }

  /**
   * The runner's caches on local disk: 1M sales in 8 files ran Spark {@code local[2]} out of a 3 GB
   * heap with {@code MEMORY_AND_DISK_SER} (serialized blocks kept in the heap), and completed
   * with {@code DISK_ONLY} in 1.8 GB (served from the page cache).
   */
  @Override
  public List<String> sparkDefaults() {
    return List.of("--storageLevel=DISK_ONLY");
  }

  @Override
  protected List<CommittedTable> tables() {
    return List.of(
        CommittedTable.replaced(Tables.STORE_PRODUCT_SALES.name()),
        CommittedTable.replacedAndUpserted(Tables.CUSTOMER_MONTHLY_SPEND, SqlTable.CUSTOMER_MONTHLY_SPEND),
        CommittedTable.replacedAndUpserted(Tables.SALES_TEAM_INCENTIVE, SqlTable.SALES_TEAM_INCENTIVE),
        CommittedTable.appendedRows(Tables.CUSTOMER_MART),
        CommittedTable.appendedRows(Tables.SALES_TEAM_MART),
        CommittedTable.deadLetters(Tables.DEAD_LETTER),
        CommittedTable.appended(ACCEPTED_STATE));
  }

  @Override
  protected Publishable publishable() {
    return new SalesMartsPublishable();
  }

  @Override
  protected List<String> extraLocations(SalesMartsOptions options) {
    return List.of(dimensions(options));
  }

  @Override
  protected void check(SalesMartsOptions options) {
    incentiveRate(options.getIncentiveRate());
    if (options.getRowTableShards() < 0 || options.getShuffleBuckets() < 1) {
      throw new UsageException("--rowTableShards must be at least 0 and --shuffleBuckets at least 1");
    }
    if (options.getReadOnceUpToMiB() < 0) {
      throw new UsageException("--readOnceUpToMiB must be at least 0");
    }
    String dimensions = dimensions(options);
    Locations.requireNoPattern("--dimensions", dimensions);
    Locations.requireFolder("--dimensions", dimensions);
    if (Locations.isLocal(dimensions)) {
      checkDimensionHeaders(dimensions);
    }
  }

  @Override
  protected void checkS3(SalesMartsOptions options, S3Preflight s3) {
    String dimensions = dimensions(options);
    if (S3Preflight.isS3(dimensions)) {
      s3.requirePrefix("--dimensions", dimensions);
      for (DimensionTable<?> table : DimensionTable.ALL) {
        s3.requireObject(
            "--dimensions", ReadDimensions.path(dimensions, table), "the dimension file does not exist");
      }
      checkDimensionHeaders(dimensions);
    }
  }

  @Override
  protected void build(Pipeline pipeline, SalesMartsOptions options, RunContext run) {
    SalesMartsPipeline.build(
        pipeline, run, dimensions(options), incentiveRate(options.getIncentiveRate()),
        options.getRowTableShards(), options.getShuffleBuckets(), (long) options.getReadOnceUpToMiB() << 20);
  }

  /**
   * The first run skips the overflow check (see {@link SalesMartsPipeline}); when its grand total
   * could take a total of the marts past DECIMAL(18,2), the run is done again with the check.
   */
  @Override
  protected String runAgain(SalesMartsOptions options, RunContext run) throws IOException {
    if (run.exact()) {
      return null;
    }
    BigDecimal grandTotal = ExactForm.readGrandTotal(run.staging());
    return RejectOverflowingSales.mayOverflow(grandTotal, incentiveRate(options.getIncentiveRate()))
        ? "the sales accepted so far add up to " + grandTotal.toPlainString()
            + ", so a total of the marts may not fit DECIMAL(18,2)"
        : null;
  }

  /** A dimension file that is missing or lacks columns stops the run before anything is written. */
  private static void checkDimensionHeaders(String dimensions) {
    for (DimensionTable<?> table : DimensionTable.ALL) {
      try {
        DimensionFileReader.checkHeader(ReadDimensions.path(dimensions, table), table);
      } catch (DimensionFileReader.DimensionException e) {
        throw new UsageException(e.getMessage());
      }
    }
  }

  private static String dimensions(SalesMartsOptions options) {
    return options.getDimensions() != null ? options.getDimensions() : siblingDimensions(options.getInput());
  }

  static String siblingDimensions(String input) {
    String trimmed = input.endsWith("/") ? input.substring(0, input.length() - 1) : input;
    int slash = trimmed.lastIndexOf('/');
    return (slash < 0 ? "" : trimmed.substring(0, slash + 1)) + "dimensions";
  }

  private static BigDecimal incentiveRate(String text) {
    try {
      BigDecimal rate = new BigDecimal(text.trim());
      // A share of sales: above 1 pays more than was sold, and a rate such as 1e400 made every
      // sale's incentive overflow DECIMAL(18,2), so that every valid sale became a dead letter.
      if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) > 0) {
        throw new UsageException("--incentiveRate must be a share between 0 and 1 (0.01 is 1 %): " + text);
      }
      return rate;
    } catch (NumberFormatException e) {
      throw new UsageException("--incentiveRate is not a decimal number: " + text);
    }
  }
}
