package io.salespipelines.transforms.state;

import io.salespipelines.schemas.OutputTable;
import java.util.Map;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads a committed Parquet table of an earlier run back into its rows, e.g. the aggregates a run
 * merges its partial sums into. No files yet is an empty collection, as for a first run.
 */
public class ReadTable<T> extends PTransform<PBegin, PCollection<T>> {
  private final OutputTable<T> table;
  private final String filepattern;

  public ReadTable(OutputTable<T> table, String filepattern) {
    this.table = table;
    this.filepattern = filepattern;
  }

  @Override
  public PCollection<T> expand(PBegin begin) {
    OutputTable<T> t = table;
    try {
      return begin
          .apply("TableFilePattern", Create.of(filepattern).withCoder(StringUtf8Coder.of()))
          .apply("MatchTableFiles", new MatchStateFiles())
          .apply("OpenTableFiles", FileIO.readMatches())
          .apply(
              "ReadTableFiles",
              new ReadParquetFiles<>(
                  t.avroSchema(),
                  record -> t.fromAvro(record, Map.of()),
                  begin.getPipeline().getSchemaRegistry().getSchemaCoder(t.type())));
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException("no Beam schema for " + t.type(), e);
    }
  }
}
