package io.salespipelines.transforms.write;

import io.salespipelines.schemas.OutputTable;
import io.salespipelines.transforms.common.GroupByKeyInBuckets;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Writes a Hive-partitioned table as exactly one Snappy Parquet file per partition and run
 * ({@code <partition>/<prefix>.parquet}). Partitions travel through a fixed number of shuffle
 * buckets rather than one shuffle key each, which keeps the Direct runner from handling every
 * partition as a bundle of its own. The file is written straight into the run's staging folder
 * (the job commits staging as a whole), and a retried bundle overwrites the same file name.
 */
public class WritePartitionedParquet<T> extends PTransform<PCollection<T>, PDone> {
  private final OutputTable<T> table;
  private final String directory;
  private final String filePrefix;
  private final int buckets;

  public WritePartitionedParquet(OutputTable<T> table, String directory, String filePrefix, int buckets) {
    this.table = table;
    this.directory = directory;
    this.filePrefix = filePrefix;
    this.buckets = buckets;
  }

  @Override
  public PDone expand(PCollection<T> rows) {
    OutputTable<T> t = table;
    rows.apply("KeyByPartition", WithKeys.of(t::partitionPath).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), rows.getCoder()))
        .apply("GroupPartitions", new GroupByKeyInBuckets<>(buckets))
        .apply("WriteFiles", ParDo.of(new WritePartitionFn<>(t, directory, filePrefix)));
    return PDone.in(rows.getPipeline());
  }

  static class WritePartitionFn<T> extends DoFn<KV<String, Iterable<T>>, Void> {
    private final OutputTable<T> table;
    private final String directory;
    private final String filePrefix;

    WritePartitionFn(OutputTable<T> table, String directory, String filePrefix) {
      this.table = table;
      this.directory = directory;
      this.filePrefix = filePrefix;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<T>> partition) throws IOException {
      String path = directory + "/" + partition.getKey() + "/" + filePrefix + ".parquet";
      ResourceId file = FileSystems.matchNewResource(path, false);
      if ("file".equals(file.getScheme())) {
        java.nio.file.Files.createDirectories(java.nio.file.Paths.get(file.toString()).getParent());
      }
      ParquetIO.Sink sink =
          ParquetIO.sink(table.avroSchema()).withCompressionCodec(CompressionCodecName.SNAPPY);
      WritableByteChannel channel = FileSystems.create(file, MimeTypes.BINARY);
      try {
        sink.open(channel);
        for (T row : partition.getValue()) {
          GenericRecord record = table.toAvro(row);
          sink.write(record);
        }
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
}
