package io.salespipelines.pipelines.cdc;

import io.salespipelines.schemas.CdcEvent;
import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.transforms.cdc.DeduplicateChanges;
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
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * The orders-cdc data flow (SPEC 3): change records from a source, parsed (dead letters aside),
 * deduplicated by eventID, then four outputs: cdc_events files, orders_current (conditional upsert),
 * order_activity (event-time windows), and the dead letters.
 */
final class OrdersCdcPipeline {
  private OrdersCdcPipeline() {}

  /** What the pipeline needs besides the source. */
  static final class Settings {
    String output;
    String runId;
    Duration window;
    Duration lateness;
    Duration dedup;
    WriteCdcEvents.Format format;
    @Nullable JdbcTarget database;
  }

  static void build(Pipeline pipeline, PTransform<PBegin, PCollection<RawChange>> source, Settings s) {
    String out = s.output.endsWith("/") ? s.output : s.output + "/";
    PCollection<RawChange> raw =
        pipeline.apply("ReadChanges", source).setCoder(SchemaCoders.of(pipeline, RawChange.class));
    PCollectionTuple parsed = raw.apply("ParseChanges", new ParseChangeRecords());
    PCollection<CdcEvent> changes =
        parsed.get(ParseChangeRecords.EVENTS).setCoder(SchemaCoders.of(pipeline, CdcEvent.class));
    PCollection<DeadLetter> deadLetters =
        parsed.get(ParseChangeRecords.DEAD_LETTERS).setCoder(SchemaCoders.of(pipeline, DeadLetter.class));

    PCollection<CdcEvent> unique = changes.apply("DropDuplicates", new DeduplicateChanges(s.dedup));
    unique.apply("WriteCdcEvents", new WriteCdcEvents(out + "cdc_events", s.runId, s.window, s.format));
    deadLetters
        .apply("OnePartition", WithKeys.of((DeadLetter d) -> "").withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), deadLetters.getCoder()))
        .apply(
            "WriteDeadLetters",
            new WritePaneFiles<DeadLetter>(
                out + "dead_letter", s.runId, s.window, new WriteCdcEvents.DeadLetterLines(s.runId), "dead_letters_written"));

    PCollection<io.salespipelines.transforms.cdc.ActivityPane> panes =
        unique.apply("WindowActivity", new WindowOrderActivity(s.window, s.lateness));
    if (s.database != null) {
      unique.apply("UpsertOrdersCurrent", new WriteOrdersCurrent(s.database));
      panes.apply("UpsertOrderActivity", new WriteOrderActivity(s.database));
    }
  }
}
