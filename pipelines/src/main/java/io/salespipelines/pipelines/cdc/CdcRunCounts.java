package io.salespipelines.pipelines.cdc;

import io.salespipelines.transforms.cdc.ParseChangeRecords;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * What a run read and wrote, from the pipeline's counters. Every record read ends in cdc_events or
 * the dead letters: {@code recordsRead = written + deadLetters + duplicates} once the pipeline has
 * drained (duplicates are the same change, written once).
 */
final class CdcRunCounts {
  long recordsRead;
  long written;
  long deadLetters;
  long duplicates;
  long admitted;
  long lateCounted;
  long filesRejected;
  /** Changes left out of order_activity because their window's units or value would not fit. */
  long activityOverflow;
  final Map<String, Long> deadLettersByType = new TreeMap<>();

  static CdcRunCounts of(PipelineResult result) {
    CdcRunCounts c = new CdcRunCounts();
    MetricQueryResults metrics =
        result.metrics().queryMetrics(MetricsFilter.builder().build());
    for (MetricResult<Long> m : metrics.getCounters()) {
      if (!ParseChangeRecords.METRICS.equals(m.getName().getNamespace())) {
        continue;
      }
      long v = value(m);
      String name = m.getName().getName();
      switch (name) {
        case "records_read":
          c.recordsRead += v;
          break;
        case "cdc_events_written":
          c.written += v;
          break;
        case "dead_letters":
          c.deadLetters += v;
          break;
        case "duplicates":
          c.duplicates += v;
          break;
        case "activity_admitted":
          c.admitted += v;
          break;
        case "late_records":
          c.lateCounted += v;
          break;
        case "activity_overflow":
          c.activityOverflow += v;
          break;
        case "files_rejected":
          c.filesRejected += v;
          break;
        default:
          if (name.startsWith("dead_letters_") && !name.equals("dead_letters_written")) {
            c.deadLettersByType.merge(name.substring("dead_letters_".length()), v, Long::sum);
          }
      }
    }
    return c;
  }

  private static long value(MetricResult<Long> m) {
    try {
      Long committed = m.getCommitted();
      return committed != null ? committed : m.getAttempted();
    } catch (UnsupportedOperationException e) {
      return m.getAttempted();
    }
  }

  /**
   * Changes left out of order_activity for being later than the allowed lateness, as the job's rule
   * counted them (WindowOrderActivity: by the source's watermark as each was read; Beam's own
   * lateness is a day longer, so it drops none of them itself). Not {@code distinct changes -
   * admitted}: on Spark the counter after the windows' grouping step came up short on a large
   * backlog (20k records: 88 against 10, with order_activity equal to the Direct runner's).
   */
  long lateRecords() {
    return lateCounted;
  }

  String summary() {
    return recordsRead + " records read: " + written + " written to cdc_events, " + deadLetters
        + " dead letters " + deadLettersByType + ", " + duplicates + " duplicates, " + lateRecords()
        + " late records" + (activityOverflow > 0 ? ", " + activityOverflow + " left out of order_activity (window total would not fit)" : "")
        + (filesRejected > 0 ? "; files rejected whole: " + filesRejected : "");
  }
}
