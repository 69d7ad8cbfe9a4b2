package io.salespipelines.pipelines.run;

import io.salespipelines.schemas.OutputTable;
import io.salespipelines.transforms.state.ReadParquetFiles;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Reads a committed Parquet table on the driver, through Beam's file systems (local or S3), for the
 * steps of the commit that are not a pipeline (the database upsert) and for the run report.
 */
public final class ParquetRows {
  private ParquetRows() {}

  /** Something done with each row, which may fail. */
  public interface RowAction<T> {
    void accept(T row) throws Exception;
  }

  public static <T> void forEach(String folder, OutputTable<T> table, RowAction<T> action) throws Exception {
    forEachRecord(folder, record -> action.accept(table.fromAvro(record, Map.of())));
  }

  /** Every record of the Parquet files below {@code folder}, as written (a table without an {@link OutputTable}). */
  public static void forEachRecord(String folder, RowAction<GenericRecord> action) throws Exception {
    for (ResourceId file : OutputCommitter.dataFiles(folder)) {
      if (!file.getFilename().endsWith(".parquet")) {
        continue;
      }
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(new BeamInputFile(file))
              .withDataModel(GenericData.get())
              .build()) {
        for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
          action.accept(record);
        }
      }
    }
  }

  /** A Parquet input file over a Beam channel, which is seekable for local files and S3 objects. */
  private static final class BeamInputFile implements InputFile {
    private final ResourceId file;

    BeamInputFile(ResourceId file) {
      this.file = file;
    }

    @Override
    public long getLength() throws IOException {
      return FileSystems.matchSingleFileSpec(file.toString()).sizeBytes();
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
      return ReadParquetFiles.seekableStream((SeekableByteChannel) FileSystems.open(file));
    }
  }
}
