import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.ParsedOrder;
import io.salespipelines.transforms.orders.ParseOrderFile;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;

/**
 * The orders read alone (not a test; issue 14): parses the order files given on the command line
 * with ParseOrderFile on the runner the options name, counts orders and dead letters and keeps
 * nothing, then prints the counts, the ranges planned and the time. RANGE_BYTES (environment) sets
 * the range size when the jar's ParseOrderFile has one (looked up by reflection, so the same source
 * also runs against a jar from before the split read, for a before/after comparison).
 *   javac -d classes -cp sales-pipelines.jar bench/ParseBigOrderFile.java
 *   RANGE_BYTES=33554432 java -Xmx256m -cp sales-pipelines.jar:classes ParseBigOrderFile FILE... [-- BEAM_OPTIONS...]
 */
public class ParseBigOrderFile {
  private static final String NAMESPACE = "orders-analytics";

  public static void main(String[] args) throws Exception {
    int split = List.of(args).indexOf("--");
    List<String> files = List.of(args).subList(0, split < 0 ? args.length : split);
    String[] beamArgs =
        split < 0
            ? new String[] {"--runner=DirectRunner", "--enforceImmutability=false", "--enforceEncodability=false"}
            : List.of(args).subList(split + 1, args.length).toArray(new String[0]);
    ParseOrderFile parse = new ParseOrderFile();
    String rangeBytes = System.getenv("RANGE_BYTES");
    if (rangeBytes != null && !rangeBytes.isEmpty()) {
      parse = (ParseOrderFile) ParseOrderFile.class.getMethod("withRangeBytes", long.class)
          .invoke(parse, Long.parseLong(rangeBytes));
    }
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs(beamArgs).create());
    WithFailures.Result<PCollection<ParsedOrder>, DeadLetter> r =
        p.apply(Create.of(files).withCoder(StringUtf8Coder.of())).apply(parse);
    r.output().apply("CountOrders", ParDo.of(new CountOrders()));
    r.failures().apply("CountDeadLetters", ParDo.of(new CountDeadLetters()));
    long start = System.nanoTime();
    PipelineResult result = p.run();
    result.waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;
    long orders = counter(result, "orders");
    long dead = counter(result, "dead_letters");
    System.out.printf(
        "parse-orders: %d orders, %d dead letters, %d ranges planned, %.1f s, %.0f records/s, max heap %d MiB%n",
        orders, dead, counter(result, "ranges_planned"), seconds, (orders + dead) / seconds,
        Runtime.getRuntime().maxMemory() >> 20);
  }

  private static long counter(PipelineResult result, String name) {
    long sum = 0;
    for (MetricResult<Long> c :
        result.metrics().queryMetrics(MetricsFilter.builder().addNameFilter(MetricNameFilter.named(NAMESPACE, name)).build()).getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }

  static final class CountOrders extends DoFn<ParsedOrder, Void> {
    private final Counter orders = Metrics.counter(NAMESPACE, "orders");

    @ProcessElement
    public void process(@Element ParsedOrder order) {
      orders.inc();
    }
  }

  static final class CountDeadLetters extends DoFn<DeadLetter, Void> {
    private final Counter dead = Metrics.counter(NAMESPACE, "dead_letters");

    @ProcessElement
    public void process(@Element DeadLetter d) {
      dead.inc();
    }
  }
}
