import io.salespipelines.transforms.common.SpillByKey;
import io.salespipelines.schemas.SalesTeamMartRow;
import io.salespipelines.schemas.Tables;
import io.salespipelines.transforms.common.GroupByKeyInBuckets;
import io.salespipelines.transforms.write.WritePartitionedParquet;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * WritePartitionedParquet alone, for bench/write-partitions.sh (not a test): generates ROWS
 * sales_team_mart rows (24 months x 20 stores = 480 partitions) in blocks of BLOCK rows, so rows
 * arrive in bundles as a file read hands them on, and writes them as Hive partitions under OUT.
 * Mode {@code spill} is the transform; mode {@code shuffle} is the version before it (every row
 * keyed by partition through GroupByKeyInBuckets(16)), kept here for comparison. Run under a small
 * heap, it shows whether the heap must hold every row.
 *   javac -d classes -cp sales-pipelines.jar bench/WritePartitions.java
 *   java -Xmx256m -cp sales-pipelines.jar:classes WritePartitions spill|shuffle ROWS BLOCK OUT [BEAM_OPTIONS...]
 */
public class WritePartitions {
  public static void main(String[] args) throws NoSuchSchemaException {
    String mode = args[0];
    long rows = Long.parseLong(args[1]);
    int block = Integer.parseInt(args[2]);
    String out = args[3];
    String[] beamArgs =
        args.length > 4
            ? List.of(args).subList(4, args.length).toArray(new String[0])
            : new String[] {"--runner=DirectRunner", "--enforceImmutability=false", "--enforceEncodability=false",
                "--targetParallelism=2"};
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs(beamArgs).create());
    PCollection<SalesTeamMartRow> mart =
        p.apply("Blocks", GenerateSequence.from(0).to((rows + block - 1) / block))
            .apply("Rows", ParDo.of(new RowsFn(rows, block)))
            .setCoder(p.getSchemaRegistry().getSchemaCoder(SalesTeamMartRow.class));
    if (mode.equals("spill")) {
      mart.apply(new WritePartitionedParquet<>(Tables.SALES_TEAM_MART, out, "part-bench", 16));
    } else {
      mart.apply(WithKeys.of(Tables.SALES_TEAM_MART::partitionPath).withKeyType(TypeDescriptors.strings()))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), mart.getCoder()))
          .apply(new GroupByKeyInBuckets<>(16))
          .apply(ParDo.of(new OldWriteFn(out)));
    }
    long start = System.nanoTime();
    PipelineResult result = p.run();
    result.waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;
    long spills = 0;
    for (MetricResult<Long> c : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(SpillByKey.class, "spill_files")).build()).getCounters()) {
      spills += c.getAttempted();
    }
    System.out.printf("write-partitions %s: %d rows, %d spill files, %.1f s, %.0f rows/s, max heap %d MiB%n",
        mode, rows, spills, seconds, rows / seconds, Runtime.getRuntime().maxMemory() >> 20);
  }

  /** The rows of one block: 24 months x 20 stores, names and amounts varying as real rows do. */
  static class RowsFn extends DoFn<Long, SalesTeamMartRow> {
    private final long rows;
    private final int block;

    RowsFn(long rows, int block) {
      this.rows = rows;
      this.block = block;
    }

    @ProcessElement
    public void process(@Element Long blockNo, OutputReceiver<SalesTeamMartRow> out) {
      for (long i = blockNo * block; i < Math.min(rows, (blockNo + 1) * block); i++) {
        int month = (int) (i % 24);
        out.output(SalesTeamMartRow.create(
            "T" + String.format("%09d", i), "SP" + (i % 97), "First" + (i % 31), "Last" + (i % 53),
            "S" + (i / 24 % 20), (2024 + month / 12) + "-" + String.format("%02d", 1 + month % 12) + "-"
                + String.format("%02d", 1 + i % 28),
            BigDecimal.valueOf(i % 100000, 2)));
      }
    }
  }

  /** The writer before the spill files: a partition's rows, gathered by a shuffle, into one file. */
  static class OldWriteFn extends DoFn<KV<String, Iterable<SalesTeamMartRow>>, Void> {
    private final String directory;

    OldWriteFn(String directory) {
      this.directory = directory;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<SalesTeamMartRow>> partition) throws IOException {
      String path = directory + "/" + partition.getKey() + "/part-bench.parquet";
      ParquetIO.Sink sink =
          ParquetIO.sink(Tables.SALES_TEAM_MART.avroSchema()).withCompressionCodec(CompressionCodecName.SNAPPY);
      WritableByteChannel channel = FileSystems.create(FileSystems.matchNewResource(path, false), MimeTypes.BINARY);
      sink.open(channel);
      for (SalesTeamMartRow row : partition.getValue()) {
        sink.write(Tables.SALES_TEAM_MART.toAvro(row));
      }
      sink.flush();
    }
  }
}
