package io.salespipelines.pipelines.cdc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipelines.pipelines.Job;
import io.salespipelines.pipelines.UsageException;
import io.salespipelines.pipelines.jdbc.JdbcTargets;
import io.salespipelines.pipelines.kinesis.KinesisPreflight;
import io.salespipelines.pipelines.publish.Publisher;
import io.salespipelines.pipelines.run.BatchJob;
import io.salespipelines.pipelines.run.Locations;
import io.salespipelines.pipelines.run.OutputLock;
import io.salespipelines.pipelines.run.RunRecord;
import io.salespipelines.pipelines.s3.S3Preflight;
import io.salespipelines.schemas.ErrorType;
import io.salespipelines.schemas.SqlTable;
import io.salespipelines.transforms.cdc.CdcTables;
import io.salespipelines.transforms.cdc.FutureBound;
import io.salespipelines.transforms.cdc.RawChange;
import io.salespipelines.transforms.cdc.ReadKinesisRecords;
import io.salespipelines.transforms.cdc.ReadWatchedFolder;
import io.salespipelines.transforms.cdc.WatchFolderSource;
import io.salespipelines.transforms.cdc.WriteCdcEvents;
import io.salespipelines.transforms.jdbc.JdbcTarget;
import io.salespipelines.transforms.parse.RawRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.aws2.kinesis.KinesisRecord;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code orders-cdc}: checks the options, prepares the database, runs the streaming pipeline
 * until its source ends (or forever), and writes the run record and the ledger of files read.
 */
public final class OrdersCdcJob implements Job<OrdersCdcOptions> {
  private static final Logger LOG = LoggerFactory.getLogger(OrdersCdcJob.class);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** Under the output: one folder per run of the input files it finished reading. */

  @Override
  public String name() {
    return "orders-cdc";
  }

  @Override
  public Class<OrdersCdcOptions> optionsType() {
    return OrdersCdcOptions.class;
  }

  @Override
  public String run(OrdersCdcOptions options, List<String> args, PrintStream out) throws Exception {
    Instant started = Instant.now();
    options.setOutput(Locations.normalized(Locations.requireGiven("--output", options.getOutput())));
    if (options.getInput() != null) {
      options.setInput(Locations.normalized(options.getInput()));
    }
    Locations.requireNoPattern("--output", options.getOutput());
    S3Preflight.configure(options, options.getOutput());
    FileSystems.setDefaultPipelineOptions(options);
    String runId = BatchJob.runId(options.getRunId(), started);
    if (options.getWindowSeconds() < 1 || options.getAllowedLatenessSeconds() < 0 || options.getDedupHours() < 1
        || options.getMaxFutureSeconds() < 0) {
      throw new UsageException(
          "--windowSeconds and --dedupHours must be at least 1, --allowedLatenessSeconds and --maxFutureSeconds at least 0");
    }
    WriteCdcEvents.Format format;
    try {
      format = WriteCdcEvents.Format.valueOf(options.getFormat().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--format must be json or parquet: " + options.getFormat());
    }
    // Query layer (issue 11): --database is checked before the run; catalog and report come after it.
    Publisher.of(options, name(), new CdcPublishable(format, null));
    Locations.requireWritableFolder("--output", options.getOutput());
    String output = options.getOutput().endsWith("/") ? options.getOutput() : options.getOutput() + "/";
    // One run at a time per output: two runs would both list the folder, and each would write the
    // other's files again.
    try (OutputLock lock = OutputLock.acquire(output, runId)) {
      return runLocked(options, args, started, runId, format, output);
    }
  }

  private String runLocked(
      OrdersCdcOptions options, List<String> args, Instant started, String runId, WriteCdcEvents.Format format,
      String output) throws Exception {
    boolean spark = SparkStreamingEnd.isSpark(options);
    PTransform<PBegin, PCollection<RawChange>> source = source(options, args, output, runId);
    // Records a killed run had buffered for its next files: they are read again from the input.
    deleteSpools(output + OrdersCdcPipeline.SPOOL + "*");

    JdbcTarget database = JdbcTargets.resolve(options, options.getOutput(), "orders_cdc", SqlTable.CDC);
    if (database != null) {
      try {
        CdcTables.prepare(database);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot use the database " + database.safeUrl() + ": " + e.getMessage());
      }
    }

    OrdersCdcPipeline.Settings settings = new OrdersCdcPipeline.Settings();
    settings.output = output;
    settings.runId = runId;
    settings.window = Duration.standardSeconds(options.getWindowSeconds());
    settings.lateness = Duration.standardSeconds(options.getAllowedLatenessSeconds());
    settings.dedup = Duration.standardHours(options.getDedupHours());
    settings.future = future(options);
    settings.format = format;
    settings.database = database;

    options.setStreaming(true);
    if (spark) {
      SparkStreamingEnd.configure(options, output, runId);
    }
    Pipeline pipeline = Pipeline.create(options);
    OrdersCdcPipeline.build(pipeline, source, settings);
    LOG.info("run {}: orders-cdc from {} into {}", runId, describe(options), options.getOutput());
    PipelineResult result = pipeline.run();
    PipelineResult.State state =
        spark ? SparkStreamingEnd.awaitSourceEnd(result, options) : result.waitUntilFinish();
    if (state != PipelineResult.State.DONE && state != PipelineResult.State.CANCELLED
        && state != PipelineResult.State.STOPPED) {
      throw new IllegalStateException("the pipeline ended in state " + state);
    }
    CdcRunCounts counts = CdcRunCounts.of(result);
    deleteSpools(OrdersCdcPipeline.spool(output, runId));
    if ("files".equals(options.getSource())) {
      CdcFileLedger.commit(output, runId, settings.future.latestMillis());
    }
    ObjectNode record = JSON.createObjectNode();
    record.put("run_id", runId);
    record.put("job", name());
    record.put("runner", options.getRunner().getSimpleName());
    record.put("status", "succeeded");
    record.put("started_at", started.toString());
    record.put("finished_at", Instant.now().toString());
    ObjectNode opts = record.putObject("options");
    RunRecord.maskedOptions(args).forEach(opts::put);
    ObjectNode c = record.putObject("counts");
    c.put("records_read", counts.recordsRead);
    c.put("cdc_events_written", counts.written);
    c.put("dead_letters", counts.deadLetters);
    ObjectNode byType = c.putObject("dead_letters_by_type");
    counts.deadLettersByType.forEach(byType::put);
    c.put("duplicates", counts.duplicates);
    c.put("late_records", counts.lateRecords());
    c.put("activity_overflow", counts.activityOverflow);
    c.put("files_rejected", counts.filesRejected);
    writeText(output + "_runs/" + runId + ".json", JSON.writeValueAsString(record));
    // Query layer (issue 11): _catalog/ and _report/ of the output as it now is (their lines to the log).
    Publisher.of(options, name(), new CdcPublishable(format, database)).publish(output, runId, CdcPublishable.toLog());
    return "orders-cdc run " + runId + ": " + counts.summary();
  }

  private static String describe(OrdersCdcOptions options) {
    return "kinesis".equals(options.getSource()) ? "stream " + options.getStream() : options.getInput();
  }

  private static PTransform<PBegin, PCollection<RawChange>> source(
      OrdersCdcOptions options, List<String> args, String output, String runId)
      throws IOException {
    switch (options.getSource()) {
      case "files":
        {
          if (options.getInput() == null) {
            throw new UsageException("--input is required with --source=files");
          }
          Locations.requireGiven("--input", options.getInput());
          ResourceId in = FileSystems.matchNewResource(options.getInput(), true);
          if ("file".equals(in.getScheme()) && !Files.isDirectory(Paths.get(in.toString()))) {
            throw new UsageException("--input: folder does not exist: " + options.getInput());
          }
          // The job's tables, state and database must not land among the watched files, nor be read as them.
          Locations.requireSeparate(options.getInput(), output);
          Integer idle = options.getStopAfterIdleSeconds();
          if (idle != null && idle < 0) {
            throw new UsageException("--stopAfterIdleSeconds must not be negative");
          }
          // Silently ignored before (a tester's --maxRecords=-1 ran); the Kinesis branch refuses
          // --stopAfterIdleSeconds the same way.
          if (options.getMaxRecords() != null) {
            throw new UsageException(
                "--maxRecords is for --source=kinesis; a folder read ends with --stopAfterIdleSeconds or when stopped");
          }
          // --initialPosition has a default, so only the options as given tell that it was set;
          // a user who set it expects the read to start there, and a folder has no such place.
          for (String kinesisOnly : List.of("--stream", "--initialPosition")) {
            if (givesOption(args, kinesisOnly)) {
              throw new UsageException(kinesisOnly + " is for --source=kinesis; a folder is read from its files not yet read");
            }
          }
          FutureBound future = future(options);
          CdcFileLedger ledger = CdcFileLedger.read(output, future.latestMillis());
          LOG.info("{} input file(s) were read completely by earlier runs and are skipped", ledger.keys.size());
          // Starting where the earlier runs' watermark stood, a change is too late in a restart
          // exactly when it would have been in one run over all the files.
          return new ReadWatchedFolder(
              new WatchFolderSource(
                      options.getInput(), Duration.millis(Math.max(10, options.getPollMillis())),
                      idle == null ? null : Duration.standardSeconds(idle), ledger.keys, output + CdcFileLedger.FILES_STATE + runId)
                  .withStartWatermark(ledger.watermarkMillis)
                  .withFutureBound(future));
        }
      case "kinesis":
        return kinesis(options);
      default:
        throw new UsageException("--source must be files or kinesis: " + options.getSource());
    }
  }

  /** Whether the command line (or a --config file, already expanded into it) gives the option. */
  static boolean givesOption(List<String> args, String option) {
    for (String arg : args) {
      if (arg.equals(option) || arg.startsWith(option + "=")) {
        return true;
      }
    }
    return false;
  }

  static FutureBound future(OrdersCdcOptions options) {
    return FutureBound.of(Duration.standardSeconds(options.getMaxFutureSeconds()));
  }

  private static PTransform<PBegin, PCollection<RawChange>> kinesis(OrdersCdcOptions options) {
    String stream = options.getStream();
    if (stream == null || stream.isBlank()) {
      throw new UsageException("--stream is required with --source=kinesis");
    }
    if (options.getStopAfterIdleSeconds() != null) {
      throw new UsageException(
          "--stopAfterIdleSeconds is for --source=files; a Kinesis read ends with --maxRecords or when stopped");
    }
    ReadKinesisRecords read;
    try {
      read = ReadKinesisRecords.fromStream(stream).withInitialPosition(options.getInitialPosition());
    } catch (IllegalArgumentException e) {
      throw new UsageException("--initialPosition: " + e.getMessage());
    }
    if (options.getMaxRecords() != null) {
      if (options.getMaxRecords() < 1) {
        throw new UsageException("--maxRecords must be at least 1");
      }
      read = read.withMaxNumRecords(options.getMaxRecords());
    }
    // The stream must exist before the pipeline starts: one line instead of a failed run.
    try (software.amazon.awssdk.services.kinesis.KinesisClient client = KinesisPreflight.client(options)) {
      KinesisPreflight.requireStream(client, options, "--stream", stream);
    }
    return new ReadKinesisChanges(read, stream);
  }

  /**
   * Each Kinesis record's data is one change record; its source is the stream. Its arrival time (the
   * element's timestamp, which the stream's watermark follows) stands in for the source's watermark:
   * whether a change is too late for its window is decided by when it arrived, the same way in every
   * read of the same stream.
   */
  static final class ReadKinesisChanges extends PTransform<PBegin, PCollection<RawChange>> {
    private final ReadKinesisRecords read;
    private final String stream;

    ReadKinesisChanges(ReadKinesisRecords read, String stream) {
      this.read = read;
      this.stream = stream;
    }

    @Override
    public PCollection<RawChange> expand(PBegin begin) {
      return read.records(begin)
          .apply("AsChange", ParDo.of(new AsChangeFn("kinesis:" + stream)))
          .setCoder(io.salespipelines.transforms.cdc.SchemaCoders.of(begin.getPipeline(), RawChange.class));
    }
  }

  /** A record's data as text; data that is not UTF-8 is an {@code invalid_encoding} dead letter. */
  static final class AsChangeFn extends DoFn<KinesisRecord, RawChange> {
    private final String source;

    AsChangeFn(String source) {
      this.source = source;
    }

    @ProcessElement
    public void process(@Element KinesisRecord record, @Timestamp org.joda.time.Instant arrived,
        OutputReceiver<RawChange> out) {
      out.output(asChange(source, record.getDataAsBytes()).withTimes(null, arrived.getMillis()));
    }

    /** Read with replacement characters, two ids that differ in an invalid byte would be one. */
    static RawChange asChange(String source, byte[] data) {
      RawRecord bytes = RawRecord.of(data);
      String text = bytes.text();
      return text != null
          ? RawChange.record(source, 0, text)
          : RawChange.rejected(source, 0, bytes.escapedText(), ErrorType.INVALID_ENCODING,
              bytes.notUtf8Message("record's data"));
    }
  }

  /** The spool files under runs' spool folders matching {@code runs} (spools of failed attempts too). */
  static void deleteSpools(String runs) throws IOException {
    String pattern = (runs.endsWith("/") ? runs : runs + "/") + "*/*.spool";
    MatchResult spools = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW_IF_WILDCARD);
    if (spools.status() != MatchResult.Status.OK || spools.metadata().isEmpty()) {
      return;
    }
    List<ResourceId> files = new java.util.ArrayList<>();
    spools.metadata().forEach(m -> files.add(m.resourceId()));
    FileSystems.delete(files, org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  static void writeText(String path, String text) throws IOException {
    ResourceId target = FileSystems.matchNewResource(path, false);
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(target, "text/plain"))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
