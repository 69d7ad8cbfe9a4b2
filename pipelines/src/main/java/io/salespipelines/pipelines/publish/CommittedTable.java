package io.salespipelines.pipelines.publish;

import io.salespipelines.schemas.OutputTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Reads a committed Parquet table of the output in the driver, row by row, through Beam's file
 * systems (so {@code s3://} works as a local folder does, without Hadoop's S3 connector). For the
 * report: it streams, so only what the caller keeps takes memory.
 */
final class CommittedTable {
  private CommittedTable() {}

  /** Every row of {@code table} under {@code output} (its data files, not markers); none if absent. */
  static <T> long forEachRow(String output, OutputTable<T> table, Consumer<T> row) throws IOException {
    String folder = OutputFiles.withSlash(output) + table.name() + "/";
    long rows = 0;
    for (String relative : OutputFiles.dataFiles(folder)) {
      if (!relative.endsWith(".parquet")) {
        continue;
      }
      MatchResult.Metadata file = FileSystems.matchSingleFileSpec(folder + relative);
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(new BeamInputFile(file))
              .withDataModel(GenericData.get())
              .build()) {
        for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
          row.accept(table.fromAvro(r, Map.of()));
          rows++;
        }
      }
    }
    return rows;
  }

  /** Parquet's view of a file that Beam's file systems open (local files, S3 objects). */
  private static final class BeamInputFile implements InputFile {
    private final ResourceId resource;
    private final long length;

    BeamInputFile(MatchResult.Metadata file) {
      this.resource = file.resourceId();
      this.length = file.sizeBytes();
    }

    @Override
    public long getLength() {
      return length;
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
      SeekableByteChannel channel = (SeekableByteChannel) FileSystems.open(resource);
      InputStream in = Channels.newInputStream(channel);
      return new DelegatingSeekableInputStream(in) {
        @Override
        public long getPos() throws IOException {
          return channel.position();
        }

        @Override
        public void seek(long newPos) throws IOException {
          channel.position(newPos);
        }
      };
    }
  }
}
