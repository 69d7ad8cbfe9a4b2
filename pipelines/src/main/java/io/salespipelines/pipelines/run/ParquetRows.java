package io.salespipelines.pipelines.run;

import io.salespipelines.schemas.OutputTable;
import io.salespipelines.transforms.state.BeamInputFile;
import io.salespipelines.transforms.state.ParquetRecords;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.fs.ResourceId;

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
      try (ParquetRecords reader = ParquetRecords.open(new BeamInputFile(file))) {
        for (GenericRecord record = reader.read(); record != null; record = reader.read()) {
          action.accept(record);
        }
      }
    }
  }
}
