package io.salespipelines.transforms.write;

import io.salespipelines.schemas.OutputTable;
import io.salespipelines.transforms.state.BeamInputFile;
import io.salespipelines.transforms.state.ParquetRecords;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
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
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites groups of a table's small Parquet files into one file each, every row once: the element is
 * (new file, the files it replaces), the output is (new file, replaced file) for each file whose
 * rows are all in the new one. Nothing is deleted here: the caller removes the replaced files when it puts the new ones
 * in their place (a run's commit), so a run that fails or is killed leaves the table as it was.
 *
 * <p>A row group of at least {@value CompactFn#COPY_ROWS} rows is copied as it is, its bytes only
 * (what an earlier compaction wrote is not decoded again at every later one); the rows of smaller
 * row groups (a run's few rows in a partition) are written together into one new row group, through
 * a hidden file beside the new one. So a partition's file grows by row groups of a thousand rows
 * and more, not by one per run.
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
    /** A row group this large is copied as it is; smaller ones are merged into one. */
    static final long COPY_ROWS = 1_000;
    private static final long ROW_GROUP_BYTES = 128L << 20;
    private static final String AVRO_SCHEMA = "parquet.avro.schema";
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
      // Hidden (a leading '.'), so that no commit takes it for a data file.
      String smallRowGroups = target.substring(0, target.lastIndexOf('/') + 1) + ".small-" + target.substring(target.lastIndexOf('/') + 1);
      Schema schema = table.avroSchema();
      List<String> taken = new ArrayList<>();
      long rows = 0;
      try {
        ParquetFileWriter file = null;
        ParquetTableFile<T> small = null;
        boolean smallWritten = false;
        MessageType parquetSchema = null;
        String avroSchema = null;
        try {
          for (String source : group.getValue()) {
            BeamInputFile input = new BeamInputFile(source);
            try (ParquetRecords reader = ParquetRecords.open(input);
                SeekableInputStream bytes = input.newStream()) {
              FileMetaData meta = reader.fileMetaData();
              String avro = meta.getKeyValueMetaData().get(AVRO_SCHEMA);
              // Another version's file (another schema) stays as it is.
              if (avro == null || !schema.equals(new Schema.Parser().parse(avro))
                  || (parquetSchema != null && !parquetSchema.equals(meta.getSchema()))) {
                continue;
              }
              if (file == null) {
                parquetSchema = meta.getSchema();
                avroSchema = avro;
                file = new ParquetFileWriter(ParquetTableFile.outputFile(target), parquetSchema,
                    ParquetFileWriter.Mode.OVERWRITE, ROW_GROUP_BYTES, 0);
                file.start();
              }
              for (BlockMetaData rowGroup : reader.rowGroups()) {
                if (rowGroup.getRowCount() >= COPY_ROWS) {
                  // Copied as it is, bytes only: no row decoded again at each compaction.
                  reader.skipRowGroup();
                  file.appendRowGroup(bytes, rowGroup, false);
                  rows += rowGroup.getRowCount();
                } else {
                  if (small == null) {
                    smallWritten = true;
                    small = new ParquetTableFile<>(table, smallRowGroups);
                  }
                  ParquetTableFile<T> into = small;
                  rows += reader.readRowGroup(into::writeRecord);
                }
              }
              taken.add(source);
            }
          }
          if (small != null) {
            small.close();
            small = null;
            // The small row groups' rows, written together, become one row group of the new file.
            BeamInputFile merged = new BeamInputFile(smallRowGroups);
            try (ParquetFileReader reader = ParquetFileReader.open(merged);
                SeekableInputStream bytes = merged.newStream()) {
              // Column chunks are copied by position in the schema: only into the same schema.
              if (!parquetSchema.equals(reader.getFileMetaData().getSchema())) {
                throw new IOException("the files' Parquet schema is not the one this version writes");
              }
              file.appendRowGroups(bytes, reader.getRowGroups(), false);
            }
          }
          if (file != null) {
            file.end(Map.of(AVRO_SCHEMA, avroSchema, "writer.model.name", "avro"));
            file = null;
          }
        } finally {
          if (small != null) {
            small.close();
          }
          if (file != null) {
            // Not a whole file: deleted below.
            file.end(Map.of());
          }
          if (smallWritten) {
            deleteQuietly(smallRowGroups);
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
