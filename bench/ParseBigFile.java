import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.SalesLine;
import io.salespipelines.transforms.parse.ParseSalesFile;
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
 * The read alone, for bench/big-file.sh (not a test): parses the landing files given on the command
 * line with ParseSalesFile on the runner the options name, counts rows and dead letters in metrics
 * and keeps nothing, then prints the counts and the time. Run under a small heap (-Xmx512m) over a
 * file whose rows could never fit in it, it shows that reading one big file takes bounded memory.
 *   javac -d classes -cp sales-pipelines.jar bench/ParseBigFile.java
 *   java -Xmx512m -cp sales-pipelines.jar:classes ParseBigFile FILE... [-- BEAM_OPTIONS...]
 */
public class ParseBigFile {
  public static void main(String[] args) {
    int split = List.of(args).indexOf("--");
    List<String> files = List.of(args).subList(0, split < 0 ? args.length : split);
    String[] beamArgs =
        split < 0
            ? new String[] {"--runner=DirectRunner", "--enforceImmutability=false", "--enforceEncodability=false"}
            : List.of(args).subList(split + 1, args.length).toArray(new String[0]);
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs(beamArgs).create());
    WithFailures.Result<PCollection<SalesLine>, DeadLetter> r =
        p.apply(Create.of(files).withCoder(StringUtf8Coder.of())).apply(new ParseSalesFile());
    r.output().apply("CountRows", ParDo.of(new CountRows()));
    r.failures().apply("CountDeadLetters", ParDo.of(new CountDeadLetters()));
    long start = System.nanoTime();
    PipelineResult result = p.run();
    result.waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;
    long rows = counter(result, "rows");
    long dead = counter(result, "dead_letters");
    System.out.printf(
        "parse-only: %d rows, %d dead letters, %d ranges planned, %.1f s, %.0f records/s, max heap %d MiB%n",
        rows, dead, counter(result, "ranges_planned"), seconds, (rows + dead) / seconds,
        Runtime.getRuntime().maxMemory() >> 20);
  }

  private static long counter(PipelineResult result, String name) {
    long sum = 0;
    for (MetricResult<Long> c :
        result.metrics().queryMetrics(MetricsFilter.builder().addNameFilter(MetricNameFilter.named("sales-marts", name)).build()).getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }

  static final class CountRows extends DoFn<SalesLine, Void> {
    private final Counter rows = Metrics.counter("sales-marts", "rows");

    @ProcessElement
    public void process(@Element SalesLine line) {
      rows.inc();
    }
  }

  static final class CountDeadLetters extends DoFn<DeadLetter, Void> {
    private final Counter dead = Metrics.counter("sales-marts", "dead_letters");

    @ProcessElement
    public void process(@Element DeadLetter d) {
      dead.inc();
    }
  }
}
