package io.salespipelines.transforms.cdc;

import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The change records of a watched folder ({@link WatchFolderSource}), one element each, stamped with
 * its event time (records without one keep their batch's timestamp).
 */
public class ReadWatchedFolder extends PTransform<PBegin, PCollection<RawChange>> {
  private final WatchFolderSource source;

  public ReadWatchedFolder(WatchFolderSource source) {
    this.source = source;
  }

  @Override
  public PCollection<RawChange> expand(PBegin begin) {
    return begin
        .apply("WatchFolder", Read.from(source))
        .apply("OnePerRecord", ParDo.of(new SplitFn()))
        .setCoder(SchemaCoders.of(begin.getPipeline(), RawChange.class));
  }

  static class SplitFn extends DoFn<RawChangeBatch, RawChange> {
    @ProcessElement
    public void process(@Element RawChangeBatch batch, @Timestamp Instant batchTime, OutputReceiver<RawChange> out) {
      for (RawChange r : batch.getRecords()) {
        Long millis = r.getEventTimeMillis();
        out.outputWithTimestamp(r, millis == null || millis < batchTime.getMillis() ? batchTime : new Instant(millis));
      }
    }

    @Override
    @SuppressWarnings("deprecation")
    public Duration getAllowedTimestampSkew() {
      return Duration.ZERO;
    }
  }
}
