package io.salespipelines.pipelines.salesmarts;

import io.salespipelines.pipelines.Job;
import io.salespipelines.pipelines.UsageException;
import io.salespipelines.pipelines.jdbc.JdbcTargets;
import io.salespipelines.pipelines.progress.RunProgress;
import io.salespipelines.pipelines.publish.Publisher;
import io.salespipelines.schemas.SqlTable;
import io.salespipelines.transforms.dimensions.DimensionFileReader;
import io.salespipelines.transforms.dimensions.DimensionTable;
import io.salespipelines.transforms.dimensions.ReadDimensions;
import io.salespipelines.transforms.jdbc.JdbcTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Pattern;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code sales-marts}: checks its inputs before anything is written, runs the pipeline into a
 * staging folder, commits the tables, and writes the run record.
 */
public final class SalesMartsJob implements Job<SalesMartsOptions> {
  private static final Logger LOG = LoggerFactory.getLogger(SalesMartsJob.class);
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  @Override
  public String name() {
    return "sales-marts";
  }

  @Override
  public Class<SalesMartsOptions> optionsType() {
    return SalesMartsOptions.class;
  }

  @Override
  public String run(SalesMartsOptions options, List<String> args, PrintStream out) throws IOException {
    Result result = execute(options, args, out);
    return "sales-marts run " + result.runId + ": " + result.counts.summaryLine();
  }

  /** What a finished run reports. */
  public static final class Result {
    public final String runId;
    public final RunCounts counts;

    Result(String runId, RunCounts counts) {
      this.runId = runId;
      this.counts = counts;
    }
  }

  public static Result run(SalesMartsOptions options, List<String> args) throws IOException {
    return execute(options, args, new PrintStream(OutputStream.nullOutputStream()));
  }

  /** Runs the job; {@code out} gets the lines a user watches (the query layer's). */
  public static Result execute(SalesMartsOptions options, List<String> args, PrintStream out)
      throws IOException {
    Instant started = Instant.now();
    SalesMartsPreflight.configure(options);
    FileSystems.setDefaultPipelineOptions(options);
    String runId = options.getRunId() != null ? options.getRunId() : newRunId(started);
    if (!RUN_ID.matcher(runId).matches()) {
      throw new UsageException("--runId may hold letters, digits, '.', '_' and '-' only: " + runId);
    }
    BigDecimal rate = incentiveRate(options.getIncentiveRate());
    if (options.getRowTableShards() < 0 || options.getShuffleBuckets() < 1) {
      throw new UsageException("--rowTableShards must be at least 0 and --shuffleBuckets at least 1");
    }
    String dimensions =
        options.getDimensions() != null ? options.getDimensions() : siblingDimensions(options.getInput());
    requireFolder("--input", options.getInput());
    requireFolder("--dimensions", dimensions);
    SalesMartsPreflight.check(options, dimensions);
    for (DimensionTable<?> table : DimensionTable.ALL) {
      try {
        DimensionFileReader.checkHeader(ReadDimensions.path(dimensions, table), table);
      } catch (DimensionFileReader.DimensionException e) {
        throw new UsageException(e.getMessage());
      }
    }
    BigDecimal maxBadRate = maxBadRate(options.getMaxBadRate());
    // Query layer (catalog): checks --database now, writes after the commit.
    Publisher publisher = Publisher.of(options, "sales-marts", new SalesMartsPublishable());
    JdbcTarget database =
        JdbcTargets.resolve(options, options.getOutput(), "sales_marts", SqlTable.ALL);
    String output = options.getOutput();
    try (OutputLock lock = OutputLock.acquire(output, runId)) {
      RunCommit.recover(output);
      List<LandingZone.InputFile> listed = LandingZone.list(options.getInput());
      Set<String> done = options.getReprocess() ? Set.of() : Ledger.processedKeys(output);
      List<LandingZone.InputFile> files = new ArrayList<>();
      for (LandingZone.InputFile f : listed) {
        if (!done.contains(f.ledgerKey())) {
          files.add(f);
        }
      }
      int skipped = listed.size() - files.size();
      LOG.info(
          "run {}: {} new input file(s) in {}, {} already processed",
          runId, files.size(), options.getInput(), skipped);
      List<String> paths = new ArrayList<>();
      files.forEach(f -> paths.add(f.path));

      SalesMartsPipeline.Staging staging = new SalesMartsPipeline.Staging(output, runId);
      Pipeline pipeline = Pipeline.create(options);
      SalesMartsPipeline.build(
          pipeline, paths, dimensions, rate, runId, staging, options.getRowTableShards(),
          options.getShuffleBuckets(), database, output);
      // Progress lines while it runs (Direct: run() returns at once instead of when it is done).
      options.as(DirectOptions.class).setBlockOnRun(false);
      PipelineResult result = pipeline.run();
      PipelineResult.State state;
      try (RunProgress progress = RunProgress.start(result, out, "sales-marts", paths.size())) {
        state = result.waitUntilFinish();
      }
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException("the pipeline ended in state " + state);
      }
      Failpoints.reach("after-pipeline");

      RunCounts counts = RunCounts.read(staging.countsFile());
      Map<String, String> rejected = RunCounts.readRejectedFiles(staging.rejectedFilesFile());
      boolean tooBad = maxBadRate != null && counts.badShare().compareTo(maxBadRate) > 0;
      ObjectNode record =
          RunRecord.build(
              runId, options.getRunner().getSimpleName(),
              tooBad ? "failed: dead-letter share " + counts.badShare() + " exceeds --maxBadRate " + maxBadRate
                  : "succeeded",
              RunRecord.maskedOptions(args), started, Instant.now(), files, skipped, counts);
      RunCommit.commit(output, staging, runId, record, Ledger.lines(runId, files, rejected), !tooBad);
      publisher.publish(output, runId, out);
      if (tooBad) {
        throw new IllegalStateException(
            "data-quality gate: " + counts.deadLetterRows() + " of " + counts.rowsRead()
                + " rows are dead letters (share " + counts.badShare() + " > --maxBadRate " + maxBadRate
                + "); dead letters and the run record were written, no mart was changed");
      }
      if (options.getArchive()) {
        Archive.move(options.getInput(), runId, files, rejected);
      }
      OutputCommitter.deleteIfEmptyLocalFolder(LandingZone.withSlash(output) + "_tmp");
      return new Result(runId, counts);
    }
  }

  private static BigDecimal maxBadRate(String text) {
    if (text == null) {
      return null;
    }
    try {
      BigDecimal rate = new BigDecimal(text.trim());
      if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) > 0) {
        throw new UsageException("--maxBadRate must be between 0 and 1: " + text);
      }
      return rate;
    } catch (NumberFormatException e) {
      throw new UsageException("--maxBadRate is not a decimal number: " + text);
    }
  }

  static String newRunId(Instant now) {
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .format(now.truncatedTo(ChronoUnit.SECONDS));
    String suffix = Integer.toHexString(new SecureRandom().nextInt(1 << 24) | (1 << 24)).substring(1);
    return stamp + "-" + suffix;
  }

  private static BigDecimal incentiveRate(String text) {
    try {
      BigDecimal rate = new BigDecimal(text.trim());
      if (rate.signum() < 0) {
        throw new UsageException("--incentiveRate must not be negative: " + text);
      }
      return rate;
    } catch (NumberFormatException e) {
      throw new UsageException("--incentiveRate is not a decimal number: " + text);
    }
  }

  static String siblingDimensions(String input) {
    String trimmed = input.endsWith("/") ? input.substring(0, input.length() - 1) : input;
    int slash = trimmed.lastIndexOf('/');
    return (slash < 0 ? "" : trimmed.substring(0, slash + 1)) + "dimensions";
  }

  private static void requireFolder(String option, String folder) {
    ResourceId resource = FileSystems.matchNewResource(folder, true);
    if (OutputCommitter.isLocal(resource) && !Files.isDirectory(Paths.get(resource.toString()))) {
      throw new UsageException(option + ": folder does not exist: " + folder);
    }
  }
}
