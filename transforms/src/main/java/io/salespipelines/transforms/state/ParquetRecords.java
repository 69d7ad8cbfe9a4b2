package io.salespipelines.transforms.state;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.RecordMaterializer;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Every record of one Parquet file, as the Avro records it was written from (the file's own
 * schema, no conversions), one at a time.
 *
 * <p>Not {@code AvroParquetReader}: its builder makes a default Hadoop {@code Configuration}, which
 * parses Hadoop's XML resources again for every file it opens: 77 % of the time of rewriting a
 * table's 11,500 small files (async-profiler). The reader here loads no defaults.
 */
public final class ParquetRecords implements AutoCloseable {
  private final ParquetFileReader reader;
  private final MessageColumnIO columnIO;
  private final RecordMaterializer<GenericRecord> materializer;
  private @Nullable RecordReader<GenericRecord> rowGroup;
  private long leftInRowGroup;

  private ParquetRecords(ParquetFileReader reader, Configuration conf) {
    this.reader = reader;
    FileMetaData footer = reader.getFileMetaData();
    AvroReadSupport<GenericRecord> support = new AvroReadSupport<>(GenericData.get());
    ReadSupport.ReadContext context =
        support.init(new InitContext(conf, asSets(footer.getKeyValueMetaData()), footer.getSchema()));
    this.materializer = support.prepareForRead(conf, footer.getKeyValueMetaData(), footer.getSchema(), context);
    this.columnIO = new ColumnIOFactory(footer.getCreatedBy()).getColumnIO(context.getRequestedSchema(), footer.getSchema(), true);
  }

  public static ParquetRecords open(InputFile file) throws IOException {
    Configuration conf = new Configuration(false);
    ParquetFileReader reader = ParquetFileReader.open(file, HadoopReadOptions.builder(conf).build());
    try {
      return new ParquetRecords(reader, conf);
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** The file's row groups, in order. */
  public List<BlockMetaData> rowGroups() {
    return reader.getRowGroups();
  }

  /** The Parquet schema and key-value metadata (the Avro schema's text among them) of the file. */
  public FileMetaData fileMetaData() {
    return reader.getFileMetaData();
  }

  /** Passes over the next row group unread; only between row groups (no record of it read yet). */
  public void skipRowGroup() throws IOException {
    if (leftInRowGroup != 0) {
      throw new IllegalStateException("a row group is being read");
    }
    reader.skipNextRowGroup();
  }

  /** What is done with each record of a row group. */
  public interface RecordSink {
    void accept(GenericRecord record) throws IOException;
  }

  /** Reads the next row group whole into {@code sink}; only between row groups. Its row count. */
  public long readRowGroup(RecordSink sink) throws IOException {
    if (leftInRowGroup != 0) {
      throw new IllegalStateException("a row group is being read");
    }
    PageReadStore pages = reader.readNextRowGroup();
    RecordReader<GenericRecord> records = columnIO.getRecordReader(pages, materializer, FilterCompat.NOOP);
    for (long row = 0; row < pages.getRowCount(); row++) {
      sink.accept(records.read());
    }
    return pages.getRowCount();
  }

  /** The next record, or null after the last. */
  public @Nullable GenericRecord read() throws IOException {
    while (leftInRowGroup == 0) {
      PageReadStore pages = reader.readNextRowGroup();
      if (pages == null) {
        return null;
      }
      rowGroup = columnIO.getRecordReader(pages, materializer, FilterCompat.NOOP);
      leftInRowGroup = pages.getRowCount();
    }
    leftInRowGroup--;
    return rowGroup.read();
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  static Map<String, Set<String>> asSets(Map<String, String> keyValues) {
    Map<String, Set<String>> sets = new HashMap<>();
    keyValues.forEach((key, value) -> sets.put(key, Set.of(value)));
    return sets;
  }
}
