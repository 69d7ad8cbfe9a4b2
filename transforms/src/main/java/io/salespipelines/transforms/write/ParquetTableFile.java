package io.salespipelines.transforms.write;

import io.salespipelines.schemas.OutputTable;
import io.salespipelines.transforms.common.SpillSegment;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * One Snappy Parquet file of a table's rows, written as they come, at a path of any file system.
 *
 * <p>The writer is built here rather than by {@code ParquetIO.sink}: the sink makes a default Hadoop
 * {@link Configuration} per file, which parses Hadoop's XML resources again for every file (a third
 * of the time of writing a small partition file; a run writes hundreds). The writer needs none of
 * them: its codec and settings come from the builder, so the configuration here loads no defaults.
 */
final class ParquetTableFile<T> implements AutoCloseable {
  private final OutputTable<T> table;
  private final ParquetWriter<GenericRecord> writer;

  ParquetTableFile(OutputTable<T> table, String path) throws IOException {
    this.table = table;
    OutputStream out =
        Channels.newOutputStream(FileSystems.create(FileSystems.matchNewResource(path, false), MimeTypes.BINARY));
    try {
      this.writer =
          AvroParquetWriter.<GenericRecord>builder(new StreamOutputFile(new BufferedOutputStream(out, 1 << 16)))
              .withSchema(table.avroSchema())
              .withDataModel(GenericData.get())
              .withCompressionCodec(CompressionCodecName.SNAPPY)
              .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
              .withConf(new Configuration(false))
              .build();
    } catch (IOException | RuntimeException e) {
      out.close();
      throw e;
    }
  }

  void write(T row) throws IOException {
    writer.write(table.toAvro(row));
  }

  /** A record as read from another file of the table (same schema), written as it is. */
  void writeRecord(GenericRecord record) throws IOException {
    writer.write(record);
  }

  /** A new file at a path of any file system, as Parquet's output (for a raw {@code ParquetFileWriter}). */
  static OutputFile outputFile(String path) throws IOException {
    OutputStream out =
        Channels.newOutputStream(FileSystems.create(FileSystems.matchNewResource(path, false), MimeTypes.BINARY));
    return new StreamOutputFile(new BufferedOutputStream(out, 1 << 16));
  }

  /** Streams spilled rows, segment after segment in the given order, into one new file. */
  static <T> void writeSegments(OutputTable<T> table, Coder<T> rowCoder, String path, List<SpillSegment> segments)
      throws IOException {
    try (ParquetTableFile<T> file = new ParquetTableFile<>(table, path)) {
      for (SpillSegment segment : segments) {
        segment.forEach(rowCoder, row -> {
          try {
            file.write(row);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
  }

  /** Writes the footer and closes the file (an S3 upload completes here). */
  @Override
  public void close() throws IOException {
    writer.close();
  }

  /** A file that is a stream already opened by Beam's file systems; Parquet only appends to it. */
  static final class StreamOutputFile implements OutputFile {
    private final OutputStream out;

    StreamOutputFile(OutputStream out) {
      this.out = out;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return new PositionOutputStream() {
        private long position;

        @Override
        public long getPos() {
          return position;
        }

        @Override
        public void write(int b) throws IOException {
          out.write(b);
          position++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
          position += len;
        }

        @Override
        public void flush() throws IOException {
          out.flush();
        }

        @Override
        public void close() throws IOException {
          out.close();
        }
      };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }
  }
}
