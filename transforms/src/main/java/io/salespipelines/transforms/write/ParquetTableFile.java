package io.salespipelines.transforms.write;

import io.salespipelines.schemas.OutputTable;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** One Snappy Parquet file of a table's rows, written as they come, at a path of any file system. */
final class ParquetTableFile<T> implements AutoCloseable {
  private final OutputTable<T> table;
  private final ParquetIO.Sink sink;
  private final WritableByteChannel channel;

  ParquetTableFile(OutputTable<T> table, String path) throws IOException {
    this.table = table;
    this.sink = ParquetIO.sink(table.avroSchema()).withCompressionCodec(CompressionCodecName.SNAPPY);
    this.channel = FileSystems.create(FileSystems.matchNewResource(path, false), MimeTypes.BINARY);
    sink.open(channel);
  }

  void write(T row) throws IOException {
    sink.write(table.toAvro(row));
  }

  @Override
  public void close() throws IOException {
    try {
      // Closes the Parquet writer and with it the channel.
      sink.flush();
    } finally {
      // Closed only if the writer did not: an S3 channel completes its upload on each close.
      if (channel.isOpen()) {
        channel.close();
      }
    }
  }
}
