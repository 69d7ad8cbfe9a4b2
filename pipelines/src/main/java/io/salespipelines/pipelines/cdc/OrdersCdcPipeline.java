package io.salespipelines.pipelines.cdc;

import io.salespipelines.pipelines.run.Failpoints;
import io.salespipelines.schemas.CdcEvent;
import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.transforms.cdc.ActivityPane;
import io.salespipelines.transforms.cdc.DeduplicateChanges;
import io.salespipelines.transforms.cdc.FutureBound;
import io.salespipelines.transforms.cdc.ParseChangeRecords;
import io.salespipelines.transforms.cdc.RawChange;
import io.salespipelines.transforms.cdc.SchemaCoders;
import io.salespipelines.transforms.cdc.WindowOrderActivity;
import io.salespipelines.transforms.cdc.WriteCdcEvents;
import io.salespipelines.transforms.cdc.WriteOrderActivity;
import io.salespipelines.transforms.cdc.WriteOrdersCurrent;
import io.salespipelines.transforms.cdc.WritePaneFiles;
import io.salespipelines.transforms.jdbc.JdbcTarget;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * The orders-cdc data flow (SPEC 3): change records from a source, parsed (dead letters aside), then
 * four outputs: orders_current (conditional upsert, straight from the parsed changes: a duplicate
 * changes nothing there, and it skips a shuffle, so new changes show sooner), and, deduplicated by
 * eventID, cdc_events files and order_activity (event-time windows); and the dead letters.
 */
final class OrdersCdcPipeline {
  /** Failpoints for the crash tests ({@link Failpoints}): after the first file, after the first commit. */
  static final String AFTER_CDC_EVENTS_FILE = "orders-cdc-after-cdc-events-file";
  static final String AFTER_ACTIVITY_COMMIT = "orders-cdc-after-activity-commit";

  /** Under the output: the records waiting for their file, per run ({@link WritePaneFiles}). */
  static final String SPOOL = "_state/cdc_spool/";

  private OrdersCdcPipeline() {}

  /** What the pipeline needs besides the source. */
  static final class Settings {
    String output;
    String runId;
    Duration window;
    Duration lateness;
    Duration dedup;
    FutureBound future;
    WriteCdcEvents.Format format;
    @Nullable JdbcTarget database;
  }

  static void build(Pipeline pipeline, PTransform<PBegin, PCollection<RawChange>> source, Settings s) {
    String out = s.output.endsWith("/") ? s.output : s.output + "/";
    PCollection<RawChange> raw =
        pipeline.apply("ReadChanges", source).setCoder(SchemaCoders.of(pipeline, RawChange.class));
    PCollectionTuple parsed = raw.apply("ParseChanges", new ParseChangeRecords(s.future));
    PCollection<CdcEvent> changes =
        parsed.get(ParseChangeRecords.EVENTS).setCoder(SchemaCoders.of(pipeline, CdcEvent.class));
    PCollection<DeadLetter> deadLetters =
        parsed.get(ParseChangeRecords.DEAD_LETTERS).setCoder(SchemaCoders.of(pipeline, DeadLetter.class));
    if (s.database != null) {
      changes.apply("UpsertOrdersCurrent", new WriteOrdersCurrent(s.database));
    }

    PCollection<CdcEvent> unique = changes.apply("DropDuplicates", new DeduplicateChanges(s.dedup));
    unique
        .apply("WriteCdcEvents", new WriteCdcEvents(out + "cdc_events", spool(out, s.runId) + "cdc_events", s.runId, s.window, s.format))
        .apply("FailpointAfterFile", ParDo.of(new ReachFailpoint<>(AFTER_CDC_EVENTS_FILE)));
    deadLetters
        .apply("OnePartition", WithKeys.of((DeadLetter d) -> "").withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), deadLetters.getCoder()))
        .apply(
            "WriteDeadLetters",
            new WritePaneFiles<DeadLetter>(
                out + "dead_letter", spool(out, s.runId) + "dead_letter", s.runId, s.window, new WriteCdcEvents.DeadLetterLines(s.runId), "dead_letters_written"));

    PCollection<ActivityPane> panes =
        unique.apply("WindowActivity", new WindowOrderActivity(s.window, s.lateness, s.database));
    if (s.database != null) {
      panes
          .apply("UpsertOrderActivity", new WriteOrderActivity(s.database))
          .apply("FailpointAfterCommit", ParDo.of(new ReachFailpoint<>(AFTER_ACTIVITY_COMMIT)));
    }
  }

  static String spool(String output, String runId) {
    return output + SPOOL + runId + "/";
  }

  /** Stops the JVM at a named failpoint when the crash tests ask for it; else passes. */
  static final class ReachFailpoint<T> extends DoFn<T, Void> {
    private final String name;

    ReachFailpoint(String name) {
      this.name = name;
    }

    @ProcessElement
    public void process() {
      Failpoints.reach(name);
    }
  }
}
