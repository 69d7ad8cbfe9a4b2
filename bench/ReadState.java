import io.salespipelines.schemas.Tables;
import io.salespipelines.transforms.state.ReadParquetFiles;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The transaction-id column of an output's accepted-sales state, read as a run reads it, for
 * bench/read-state.sh (not a test). Mode {@code files} is the job's reader (ReadParquetFiles: each
 * file once); mode {@code parquetio} is the reader before it (ParquetIO.readFiles with the same
 * projection), kept here for comparison. Prints the ids read and the pipeline's seconds.
 *   javac -d classes -cp sales-pipelines.jar bench/ReadState.java
 *   java -cp sales-pipelines.jar:classes ReadState files|parquetio STATE_DIR [BEAM_OPTIONS...]
 */
public class ReadState {
  public static void main(String[] args) {
    String mode = args[0];
    String dir = args[1];
    String[] beamArgs =
        args.length > 2
            ? List.of(args).subList(2, args.length).toArray(new String[0])
            : new String[] {"--runner=DirectRunner", "--targetParallelism=2"};
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs(beamArgs).create());
    Schema table = Tables.ACCEPTED_SALES.avroSchema();
    Schema.Field id = table.getField("transaction_id");
    Schema projection =
        Schema.createRecord(table.getName(), table.getDoc(), table.getNamespace(), false,
            List.of(new Schema.Field(id, id.schema())));
    PCollection<FileIO.ReadableFile> files =
        p.apply(FileIO.match().filepattern(dir + "/*.parquet")).apply(FileIO.readMatches());
    PCollection<String> ids;
    if (mode.equals("files")) {
      ids = files.apply(new ReadParquetFiles<>(projection, r -> r.get("transaction_id").toString(), StringUtf8Coder.of()));
    } else {
      ids = files
          .apply(ParquetIO.readFiles(table)
              .withProjection(projection, projection)
              .withConfiguration(Map.of("parquet.avro.read.schema", projection.toString()))
              .withAvroDataModel(GenericData.get()))
          .apply(MapElements.into(TypeDescriptors.strings()).via(r -> r.get("transaction_id").toString()))
          .setCoder(StringUtf8Coder.of());
    }
    ids.apply(Count.globally()).apply(ParDo.of(new PrintFn(mode)));
    long start = System.nanoTime();
    p.run().waitUntilFinish();
    System.out.printf("read-state %s: %.1f s%n", mode, (System.nanoTime() - start) / 1e9);
  }

  static class PrintFn extends DoFn<Long, Void> {
    private final String mode;

    PrintFn(String mode) {
      this.mode = mode;
    }

    @ProcessElement
    public void process(@Element Long count) {
      System.out.printf("read-state %s: %,d ids%n", mode, count);
    }
  }
}
