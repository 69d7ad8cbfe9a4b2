package io.salespipelines.transforms.write;

import io.salespipelines.schemas.OutputTable;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Writes an unpartitioned table as Snappy Parquet files into a folder ({@link
 * WritePartitionedParquet} writes the partitioned ones). File names start with the run id, so the files of later runs can join
 * the same folder; the shard count bounds the number of files per folder and run (0: one file per
 * bundle, as the runner decides, without the extra shuffle that fixed sharding costs).
 */
public class WriteParquetTable<T> extends PTransform<PCollection<T>, WriteFilesResult<?>> {
  private final OutputTable<T> table;
  private final String directory;
  private final String filePrefix;
  private final int shards;

  public WriteParquetTable(OutputTable<T> table, String directory, String filePrefix, int shards) {
    if (!table.partitionColumns().isEmpty()) {
      throw new IllegalArgumentException(table.name() + " is partitioned: use WritePartitionedParquet");
    }
    this.table = table;
    this.directory = directory;
    this.filePrefix = filePrefix;
    this.shards = shards;
  }

  @Override
  public WriteFilesResult<?> expand(PCollection<T> rows) {
    OutputTable<T> t = table;
    ParquetIO.Sink sink =
        ParquetIO.sink(t.avroSchema()).withCompressionCodec(CompressionCodecName.SNAPPY);
    return rows.apply(
        "Write " + t.name(),
        FileIO.<T>write()
            .via(Contextful.fn(t::toAvro), sink)
            .to(directory)
            .withPrefix(filePrefix)
            .withSuffix(".parquet")
            .withNumShards(shards));
  }
}
