package io.salespipelines.transforms.write;

import io.salespipelines.schemas.OutputTable;
import io.salespipelines.transforms.state.BeamInputFile;
import io.salespipelines.transforms.state.ParquetRecords;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites groups of a table's small Parquet files into one file each, row for row: the element is
 * (new file, the files it replaces), the output is (new file, replaced file) for each file whose
 * rows are all in the new one. Nothing is deleted here: the caller removes the replaced files when it puts the new ones
 * in their place (a run's commit), so a run that fails or is killed leaves the table as it was.
 *
 * <p>A file whose schema is not the table's (written by another version) stays as it is, and a group
 * that cannot be read or written leaves no new file and replaces nothing: compaction tidies up,
 * it never fails a run. The new file is read back before it counts: its row count must be the sum
 * of the replaced files'.
 */
public class CompactParquetFiles<T>
    extends PTransform<PCollection<KV<String, List<String>>>, PCollection<KV<String, String>>> {
  private final OutputTable<T> table;

  public CompactParquetFiles(OutputTable<T> table) {
    this.table = table;
  }

  @Override
  public PCollection<KV<String, String>> expand(PCollection<KV<String, List<String>>> groups) {
    return groups.apply("Compact" + table.name(), ParDo.of(new CompactFn<>(table)));
  }

  static final class CompactFn<T> extends DoFn<KV<String, List<String>>, KV<String, String>> {
    private static final Logger LOG = LoggerFactory.getLogger(CompactParquetFiles.class);
    private final OutputTable<T> table;
    private final Counter filesReplaced = Metrics.counter(CompactParquetFiles.class, "files_replaced");
    private final Counter rowsMoved = Metrics.counter(CompactParquetFiles.class, "rows_moved");

    CompactFn(OutputTable<T> table) {
      this.table = table;
    }

    @ProcessElement
    public void process(@Element KV<String, List<String>> group, OutputReceiver<KV<String, String>> out) {
      String target = group.getKey();
      Schema schema = table.avroSchema();
      List<String> taken = new ArrayList<>();
      long rows = 0;
      try {
        ParquetTableFile<T> file = null;
        try {
          for (String source : group.getValue()) {
            try (ParquetRecords reader = ParquetRecords.open(new BeamInputFile(source))) {
              GenericRecord record = reader.read();
              // Read with the schema it was written with: another version's file stays as it is.
              if (record != null && !schema.equals(record.getSchema())) {
                continue;
              }
              if (file == null) {
                file = new ParquetTableFile<>(table, target);
              }
              for (; record != null; record = reader.read()) {
                file.writeRecord(record);
                rows++;
              }
              taken.add(source);
            }
          }
        } finally {
          if (file != null) {
            file.close();
          }
        }
        if (taken.size() < 2) {
          // Nothing gained: the one file stays, the copy goes.
          deleteQuietly(target);
          return;
        }
        long written = rowCount(target);
        if (written != rows) {
          throw new IOException("the new file holds " + written + " rows, the files it replaces " + rows);
        }
        filesReplaced.inc(taken.size());
        rowsMoved.inc(rows);
      } catch (IOException | RuntimeException e) {
        LOG.warn("{}: left {} files as they are, could not rewrite them into {} ({})",
            table.name(), group.getValue().size(), target, e.toString());
        deleteQuietly(target);
        return;
      }
      taken.forEach(source -> out.output(KV.of(target, source)));
    }

    private static long rowCount(String path) throws IOException {
      try (ParquetFileReader reader = ParquetFileReader.open(new BeamInputFile(path))) {
        long rows = 0;
        for (BlockMetaData block : reader.getFooter().getBlocks()) {
          rows += block.getRowCount();
        }
        return rows;
      }
    }

    private static void deleteQuietly(String path) {
      try {
        FileSystems.delete(List.of(FileSystems.matchNewResource(path, false)),
            MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      } catch (IOException | RuntimeException e) {
        LOG.debug("could not delete {} ({})", path, e.toString());
      }
    }
  }
}
