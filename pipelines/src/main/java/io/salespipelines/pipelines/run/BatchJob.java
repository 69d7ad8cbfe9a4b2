package io.salespipelines.pipelines.run;

import io.salespipelines.pipelines.Job;
import io.salespipelines.pipelines.UsageException;
import io.salespipelines.pipelines.jdbc.DatabaseOptions;
import io.salespipelines.pipelines.jdbc.JdbcTargets;
import io.salespipelines.pipelines.progress.RunProgress;
import io.salespipelines.pipelines.publish.Publishable;
import io.salespipelines.pipelines.publish.Publisher;
import io.salespipelines.pipelines.s3.S3Preflight;
import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.ErrorType;
import io.salespipelines.schemas.SqlTable;
import io.salespipelines.transforms.common.SpillFolders;
import io.salespipelines.transforms.jdbc.JdbcTarget;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run lifecycle every batch job over a landing zone shares (SPEC 1.4), so that a job is only
 * its tables and its pipeline: checks before anything is written, one run at a time per output
 * (lock), completion of an interrupted commit, the landing listing minus the ledger, the pipeline
 * into staging, the data-quality gate, the commit (folders, database, ledger, run record) and the
 * archive.
 */
public abstract class BatchJob<O extends BatchRunOptions> implements Job<O> {
  private static final Logger LOG = LoggerFactory.getLogger(BatchJob.class);
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  /** The folders the job stages and the commit moves, in commit order. */
  protected abstract List<CommittedTable> tables();

  /** Builds the job's data flow over {@code run.inputFiles()}, writing into {@code run.staging()}. */
  protected abstract void build(Pipeline pipeline, O options, RunContext run);

  /** Locations the job reads besides {@code --input} and {@code --output} (for the S3 set-up). */
  protected List<String> extraLocations(O options) {
    return List.of();
  }

  /** The job's own checks of its options and inputs, before anything is written. */
  protected void check(O options) throws Exception {}

  /** The job's own S3 checks, with the client the pre-flight built. */
  protected void checkS3(O options, S3Preflight s3) {}

  /**
   * The job's query layer (catalog tables and views, report sections), written after each commit
   * ({@code _catalog/}, {@code _report/}); null writes none.
   */
  protected @Nullable Publishable publishable() {
    return null;
  }

  /** What one input record is called in the summary line ("rows", "orders"). */
  protected String unit() {
    return "rows";
  }

  /** The file name of the embedded default database. */
  protected String databaseName() {
    return name().replace('-', '_');
  }

  @Override
  public final String run(O options, List<String> args, PrintStream out) throws Exception {
    Instant started = Instant.now();
    options.setInput(Locations.normalized(Locations.requireGiven("--input", options.getInput())));
    options.setOutput(Locations.normalized(Locations.requireGiven("--output", options.getOutput())));
    String input = options.getInput();
    String output = options.getOutput();
    List<String> locations = new ArrayList<>(List.of(input, output));
    locations.addAll(extraLocations(options));
    S3Preflight.configure(options, locations.toArray(new String[0]));
    FileSystems.setDefaultPipelineOptions(options);
    Locations.requireNoPattern("--input", input);
    Locations.requireNoPattern("--output", output);
    String runId = runId(options.getRunId(), started);
    Locations.requireFolder("--input", input);
    Locations.requireSeparate(input, output);
    if (options.getMinFileAgeSeconds() < 0) {
      throw new UsageException("--minFileAgeSeconds must not be negative");
    }
    if (options.getProgressSeconds() < 0) {
      throw new UsageException("--progressSeconds must not be negative");
    }
    if (options.getCompactAfterRuns() < 0) {
      throw new UsageException("--compactAfterRuns must not be negative (0: never)");
    }
    if (options.getLightJitUpToMiB() < 0) {
      throw new UsageException("--lightJitUpToMiB must not be negative");
    }
    BigDecimal maxBadRate = maxBadRate(options.getMaxBadRate());
    check(options);
    // Query layer: --database is checked now, the catalog and report are written after the commit.
    Publishable layer = publishable();
    Publisher publisher = layer == null ? null : Publisher.of(options, name(), layer);
    preflightS3(options, input, output);
    // Made only now: a run stopped by a mistake in its options writes nothing.
    Locations.requireWritableFolder("--output", output);
    JdbcTarget database = resolveDatabase(options, output);
    RunCommit commit = new RunCommit(name(), output, tables(), database);

    try (OutputLock lock = OutputLock.acquire(output, runId)) {
      commit.recover();
      refuseUsedRunId(output, runId);
      LandingZone.Listing listing = LandingZone.list(input, options.getMinFileAgeSeconds(), started);
      Set<String> done = options.getReprocess() ? Set.of() : Ledger.processedKeys(output);
      List<LandingZone.InputFile> files = new ArrayList<>();
      for (LandingZone.InputFile f : listing.files) {
        if (!done.contains(f.ledgerKey())) {
          files.add(f);
        }
      }
      int skipped = listing.files.size() - files.size();
      LOG.info(
          "run {}: {} new input file(s) in {}, {} already processed, {} left for later, {} unreadable",
          runId, files.size(), input, skipped, listing.tooYoung.size(), listing.problems.size());
      long inputWeight = InputWeight.of(files);
      boolean light = LightJit.suits(inputWeight, options.getLightJitUpToMiB());
      if (LightJvm.quickJitOnly(ManagementFactory.getRuntimeMXBean().getInputArguments())) {
        if (light) {
          LOG.info("run {}: new input of at most {} MiB: this JVM compiles with C1 alone ({}, --lightJitUpToMiB)",
              runId, options.getLightJitUpToMiB(), LightJvm.FLAG);
        } else {
          // The launcher's estimate (or the user's flag) took the run for a light one: slower, not wrong.
          LOG.warn("run {}: this JVM compiles with C1 alone ({}), though the run's new input weighs more than {} MiB;"
              + " a long run is slower so", runId, LightJvm.FLAG, options.getLightJitUpToMiB());
        }
      } else if (light && LightJit.switchOn()) {
        LOG.info("run {}: new input of at most {} MiB: the JVM's optimizing JIT compiler is off for this"
            + " run (--lightJitUpToMiB)", runId, options.getLightJitUpToMiB());
      }
      List<String> paths = new ArrayList<>();
      files.forEach(f -> paths.add(f.path));
      List<DeadLetter> problems = new ArrayList<>();
      listing.problems.forEach(
          p -> problems.add(DeadLetter.of(p.path, 0, ErrorType.UNREADABLE, null, p.reason, "")));

      Staging staging = new Staging(output, runId);
      List<Compaction.Group> compaction = Compaction.plan(output, tables(), runId, options.getCompactAfterRuns());
      RunContext run = new RunContext(runId, output, staging, paths, inputWeight, problems, false);
      runPipeline(options, run, out, compaction);
      String again = runAgain(options, run);
      if (again != null) {
        LOG.info("run {}: {}; running the pipeline again in its exact form", runId, again);
        out.println(name() + ": " + again + "; running the pipeline again in its exact form");
        OutputCommitter.deleteTree(staging.root());
        run = new RunContext(runId, output, staging, paths, inputWeight, problems, true);
        runPipeline(options, run, out, compaction);
      }
      Failpoints.reach("after-pipeline");

      RunCounts counts = RunCounts.read(staging.countsFile());
      Map<String, String> rejected = RunCounts.readRejectedFiles(staging.rejectedFilesFile());
      boolean tooBad = maxBadRate != null && counts.badShare().compareTo(maxBadRate) > 0;
      RunRecord.Facts facts = new RunRecord.Facts();
      facts.job = name();
      facts.runId = runId;
      facts.runner = options.getRunner().getSimpleName();
      facts.status =
          tooBad
              ? "failed: dead-letter share " + counts.badShare() + " exceeds --maxBadRate " + maxBadRate
              : "succeeded";
      facts.options = RunRecord.maskedOptions(args);
      facts.started = started;
      facts.finished = Instant.now();
      facts.listing = listing;
      facts.read = files;
      facts.skippedAsProcessed = skipped;
      facts.counts = counts;
      facts.rejectedFiles = rejected;
      commit.commit(staging, runId, RunRecord.build(facts), Ledger.lines(runId, files, rejected),
          Compaction.replacedFiles(staging), !tooBad);
      if (publisher != null) {
        publisher.publish(output, runId, out);
      }
      if (tooBad) {
        throw new IllegalStateException(
            "data-quality gate: " + counts.deadLetterRows() + " of " + counts.rowsRead() + " " + unit()
                + " are dead letters (share " + counts.badShare() + " > --maxBadRate " + maxBadRate
                + "); dead letters and the run record were written, no other table was changed");
      }
      if (options.getArchive()) {
        Archive.move(input, runId, files, rejected);
      }
      OutputCommitter.deleteIfEmptyLocalFolder(Locations.withSlash(output) + "_tmp");
      return name() + " run " + runId + ": " + counts.summaryLine(unit()) + laterNote(listing, rejected);
    }
  }

  /**
   * After the pipeline succeeded: why it must run again over the same files in its exact form
   * ({@link RunContext#exact()}), or null. A job's pipeline may take a fast path that rests on an
   * assumption it can only check at the end (sales-marts: no total can overflow); the staging is
   * cleared before the second run.
   */
  protected @Nullable String runAgain(O options, RunContext run) throws Exception {
    return null;
  }

  private void runPipeline(O options, RunContext run, PrintStream out, List<Compaction.Group> compaction) {
    // A pipeline that fails leaves its spill files in the temporary folder: removed here.
    try (SpillFolders.Tracking spillFolders = SpillFolders.track()) {
      runPipeline(options, run, out, compaction, Pipeline.create(options));
    }
  }

  private void runPipeline(
      O options, RunContext run, PrintStream out, List<Compaction.Group> compaction, Pipeline pipeline) {
    build(pipeline, options, run);
    Compaction.apply(pipeline, run.staging(), compaction);
    EndInOneSparkJob.applyIfSpark(pipeline, options);
    // Progress lines while it runs (Direct: run() returns at once instead of when it is done).
    options.as(DirectOptions.class).setBlockOnRun(false);
    PipelineResult result = pipeline.run();
    PipelineResult.State state;
    if (options.getProgressSeconds() == 0) {
      state = result.waitUntilFinish();
    } else {
      try (RunProgress progress = RunProgress.start(
          result, out, name(), run.inputFiles().size(), run.inputPasses(),
          Duration.ofSeconds(options.getProgressSeconds()))) {
        state = result.waitUntilFinish();
      }
    }
    if (state != PipelineResult.State.DONE) {
      // The Direct runner returns RUNNING when a step's thread died of a Java error (an Error, not
      // an exception), which it logs but does not hand over.
      throw new IllegalStateException(
          state != null && !state.isTerminal()
              ? "the pipeline stopped without finishing (state " + state + "): a step failed with a Java"
                  + " error, logged above with its stack trace"
              : "the pipeline ended in state " + state);
    }
  }

  /** Tells the user about files this run did not settle: they are read again by a later run. */
  private static String laterNote(LandingZone.Listing listing, Map<String, String> rejected) {
    // The listing's problems reach the dead letters too, so the rejected files name them all.
    long unreadable = rejected.values().stream().filter(ErrorType.UNREADABLE.code()::equals).count();
    StringBuilder note = new StringBuilder();
    if (unreadable > 0) {
      note.append("; WARNING: ").append(unreadable)
          .append(" file(s) could not be read and are left for the next run (see _runs and dead_letter)");
    }
    if (!listing.tooYoung.isEmpty()) {
      note.append("; ").append(listing.tooYoung.size())
          .append(" file(s) younger than --minFileAgeSeconds left for a later run");
    }
    return note.toString();
  }

  private void preflightS3(O options, String input, String output) {
    List<String> s3Locations = new ArrayList<>(List.of(input, output));
    s3Locations.addAll(extraLocations(options));
    if (s3Locations.stream().noneMatch(S3Preflight::isS3)) {
      return;
    }
    try (S3Preflight s3 = S3Preflight.start(options)) {
      if (S3Preflight.isS3(input)) {
        s3.requirePrefix("--input", input);
      }
      checkS3(options, s3);
      if (S3Preflight.isS3(output)) {
        s3.requireWritable("--output", output);
      }
    }
  }

  private @Nullable JdbcTarget resolveDatabase(O options, String output) {
    List<SqlTable<?>> sql = new ArrayList<>();
    for (CommittedTable t : tables()) {
      if (t.upserted != null) {
        sql.add(t.upserted.sql);
      }
    }
    // A job with tables to upsert has DatabaseOptions among its options.
    return sql.isEmpty()
        ? null
        : JdbcTargets.resolve(options.as(DatabaseOptions.class), output, databaseName(), sql);
  }

  /**
   * A run id names the run's files in every table, its ledger and its record: reusing one over the
   * same output would mix two runs' files under one name.
   */
  private static void refuseUsedRunId(String output, String runId) throws Exception {
    if (StateFiles.exists(RunRecord.path(output, runId)) || StateFiles.exists(Ledger.folder(output) + runId + ".jsonl")) {
      throw new UsageException(
          "--runId " + runId + " was already used by a run over this output (see "
              + RunRecord.path(output, runId) + "); give a new one or leave --runId out");
    }
  }

  /** The given run id, checked (it names files and folders), or a new one from the time and a random suffix. */
  public static String runId(@Nullable String given, Instant now) {
    if (given == null) {
      String stamp =
          DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
              .withZone(ZoneOffset.UTC)
              .format(now.truncatedTo(ChronoUnit.SECONDS));
      String suffix = Integer.toHexString(new SecureRandom().nextInt(1 << 24) | (1 << 24)).substring(1);
      return stamp + "-" + suffix;
    }
    if (!RUN_ID.matcher(given).matches()) {
      throw new UsageException("--runId must start with a letter or digit and hold at most 100 letters, digits,"
          + " '.', '_' or '-' (it names files): " + given);
    }
    return given;
  }

  private static @Nullable BigDecimal maxBadRate(@Nullable String text) {
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
}
