package io.salespipelines.transforms.state;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.splittabledofn.OffsetRangeTracker;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.values.PCollection;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads some columns of Parquet files, opened through Beam's file systems (local, S3), into rows.
 * Splittable by row group: a runner may read a big file's row groups in parallel, and holds at
 * most one row group's rows for one element (the Spark runner buffers an element's outputs).
 *
 * <p>Not {@code ParquetIO.readFiles}: it makes a default Hadoop {@link Configuration} (parsing
 * Hadoop's XML resources again) and reads the file's footer several times over (to size, split and
 * track each file) before it reads a row. For the many small files an output's state gathers, one
 * per bundle and run, that was a quarter of the read (bench/read-state.sh); on S3 every footer read
 * is a request. Here a file's footer is read twice: to count its row groups, and to read them.
 */
public final class ReadParquetFiles<T> extends PTransform<PCollection<FileIO.ReadableFile>, PCollection<T>> {
  private final @Nullable String columns;
  private final @Nullable SerializableFunction<GenericRecord, T> toRow;
  private final @Nullable String stringColumn;
  private final Coder<T> coder;
  private final @Nullable KeepIf<?, T> keepIf;

  /**
   * @param columns the record schema of the columns to read (the table's own schema for all of
   *     them); records come in this schema, other columns are not decoded
   */
  public ReadParquetFiles(Schema columns, SerializableFunction<GenericRecord, T> toRow, Coder<T> coder) {
    // Avro's Schema is not serializable; its JSON is.
    this(columns.toString(), toRow, null, coder, null);
  }

  private ReadParquetFiles(
      @Nullable String columns,
      @Nullable SerializableFunction<GenericRecord, T> toRow,
      @Nullable String stringColumn,
      Coder<T> coder,
      @Nullable KeepIf<?, T> keepIf) {
    this.columns = columns;
    this.toRow = toRow;
    this.stringColumn = stringColumn;
    this.coder = coder;
    this.keepIf = keepIf;
  }

  /**
   * One top-level string column, read with Parquet's column reader: a string per value and no
   * record. For the ids of earlier runs, a million per million rows of history, the Avro record
   * materialization was most of the read (bench/read-state.sh). A null value is no row.
   */
  public static ReadParquetFiles<String> stringColumn(String column) {
    return new ReadParquetFiles<>(null, null, column, StringUtf8Coder.of(), null);
  }

  /**
   * Outputs only the rows the filter keeps. It runs inside the read, so a dropped row never
   * becomes an element: when most rows are dropped (the ids of every earlier run, of which a day's
   * run can repeat only a few), handing each row to the runner costs more than reading it (the
   * Direct runner bundles and commits every element).
   */
  public ReadParquetFiles<T> keeping(KeepIf<?, T> filter) {
    if (filter.testsRanges() && stringColumn == null) {
      // The range comes from the column's statistics, read for the one-string-column form.
      throw new IllegalArgumentException("row group ranges are tested on a string column read only");
    }
    return new ReadParquetFiles<>(columns, toRow, stringColumn, coder, filter);
  }

  @Override
  public PCollection<T> expand(PCollection<FileIO.ReadableFile> files) {
    ParDo.SingleOutput<FileIO.ReadableFile, T> read =
        ParDo.of(new ReadRowGroupsFn<>(columns, toRow, stringColumn, keepIf));
    if (keepIf != null) {
      read = read.withSideInputs(keepIf.view());
    }
    return files.apply("ReadRowGroups", read).setCoder(coder);
  }

  /** The restriction is a file's row groups by index, one row group a split. */
  static final class ReadRowGroupsFn<T> extends DoFn<FileIO.ReadableFile, T> {
    private final @Nullable String columns;
    private final @Nullable SerializableFunction<GenericRecord, T> toRow;
    private final @Nullable String stringColumn;
    private final @Nullable KeepIf<?, T> keepIf;
    private transient Configuration conf;
    private transient ParquetReadOptions options;
    // How many row groups a range test let the read skip, against those it read: what a daily run
    // saves by not decoding the ids of earlier runs its own ids cannot repeat.
    private final Counter rowGroupsSkipped = Metrics.counter(ReadParquetFiles.class, "row_groups_skipped");
    private final Counter rowGroupsRead = Metrics.counter(ReadParquetFiles.class, "row_groups_read");

    ReadRowGroupsFn(
        @Nullable String columns,
        @Nullable SerializableFunction<GenericRecord, T> toRow,
        @Nullable String stringColumn,
        @Nullable KeepIf<?, T> keepIf) {
      this.columns = columns;
      this.toRow = toRow;
      this.stringColumn = stringColumn;
      this.keepIf = keepIf;
    }

    @Setup
    public void setup() {
      // No defaults loaded: the reader's settings are Parquet's own defaults or set here.
      conf = new Configuration(false);
      if (columns != null) {
        Schema schema = new Schema.Parser().parse(columns);
        AvroReadSupport.setRequestedProjection(conf, schema);
        // Else records keep the file's full schema (other columns null) and do not fit the rows.
        AvroReadSupport.setAvroReadSchema(conf, schema);
      }
      options = HadoopReadOptions.builder(conf).build();
    }

    @GetInitialRestriction
    public OffsetRange rowGroups(@Element FileIO.ReadableFile file) throws IOException {
      try (ParquetFileReader reader = ParquetFileReader.open(new ChannelInputFile(file), options)) {
        return new OffsetRange(0, reader.getRowGroups().size());
      } catch (IOException | RuntimeException e) {
        throw cannotRead(file, e);
      }
    }

    @SplitRestriction
    public void eachRowGroup(@Restriction OffsetRange groups, OutputReceiver<OffsetRange> out) {
      for (long i = groups.getFrom(); i < groups.getTo(); i++) {
        out.output(new OffsetRange(i, i + 1));
      }
    }

    @NewTracker
    public OffsetRangeTracker tracker(@Restriction OffsetRange groups) {
      return new OffsetRangeTracker(groups);
    }

    @GetRestrictionCoder
    public Coder<OffsetRange> restrictionCoder() {
      return OffsetRange.Coder.of();
    }

    @ProcessElement
    public void process(ProcessContext c, RestrictionTracker<OffsetRange, Long> tracker) throws IOException {
      FileIO.ReadableFile file = c.element();
      Predicate<T> keep = keepIf == null ? row -> true : keepIf.given(c);
      KeepIf.RangeTest.@Nullable Given<T> range = keepIf == null ? null : keepIf.rangeGiven(c);
      long first = tracker.currentRestriction().getFrom();
      try (ParquetFileReader reader = ParquetFileReader.open(new ChannelInputFile(file), options)) {
        FileMetaData footer = reader.getFileMetaData();
        RowGroupReader<T> rows = stringColumn != null ? strings(reader, footer) : records(reader, footer);
        for (long i = 0; i < first; i++) {
          reader.skipNextRowGroup();
        }
        for (long i = first; tracker.tryClaim(i); i++) {
          if (range != null && !mayKeep(reader.getRowGroups().get((int) i), range)) {
            reader.skipNextRowGroup();
            rowGroupsSkipped.inc();
            continue;
          }
          rowGroupsRead.inc();
          rows.read(reader.readNextRowGroup(), value -> {
            if (keep.test(value)) {
              c.output(value);
            }
          });
        }
      } catch (IOException | RuntimeException e) {
        throw cannotRead(file, e);
      }
    }

    private RowGroupReader<T> records(ParquetFileReader reader, FileMetaData footer) {
      AvroReadSupport<GenericRecord> support = new AvroReadSupport<>(GenericData.get());
      ReadSupport.ReadContext context =
          support.init(new InitContext(conf, ParquetRecords.asSets(footer.getKeyValueMetaData()), footer.getSchema()));
      reader.setRequestedSchema(context.getRequestedSchema());
      RecordMaterializer<GenericRecord> materializer =
          support.prepareForRead(conf, footer.getKeyValueMetaData(), footer.getSchema(), context);
      MessageColumnIO columnIO =
          new ColumnIOFactory(footer.getCreatedBy()).getColumnIO(context.getRequestedSchema(), footer.getSchema(), true);
      return (rowGroup, out) -> {
        RecordReader<GenericRecord> records = columnIO.getRecordReader(rowGroup, materializer, FilterCompat.NOOP);
        for (long row = 0; row < rowGroup.getRowCount(); row++) {
          out.accept(toRow.apply(records.read()));
        }
      };
    }

    @SuppressWarnings("unchecked") // stringColumn is only set on a ReadParquetFiles<String>
    private RowGroupReader<T> strings(ParquetFileReader reader, FileMetaData footer) {
      MessageType fileSchema = footer.getSchema();
      MessageType projection = new MessageType(fileSchema.getName(), fileSchema.getType(stringColumn));
      ColumnDescriptor column = projection.getColumnDescription(new String[] {stringColumn});
      if (column.getPrimitiveType().getPrimitiveTypeName() != PrimitiveType.PrimitiveTypeName.BINARY
          || column.getMaxRepetitionLevel() != 0) {
        throw new IllegalArgumentException("column " + stringColumn + " is not a string: " + column);
      }
      reader.setRequestedSchema(projection);
      int present = column.getMaxDefinitionLevel();
      return (rowGroup, out) -> {
        ColumnReader values =
            new ColumnReadStoreImpl(rowGroup, NO_RECORDS, projection, footer.getCreatedBy()).getColumnReader(column);
        for (long n = values.getTotalValueCount(); n > 0; n--) {
          if (values.getCurrentDefinitionLevel() == present) {
            out.accept((T) values.getBinary().toStringUsingUTF8());
          }
          values.consume();
        }
      };
    }

    /**
     * Whether the row group's string column may hold a value the range test keeps: false only when
     * its statistics give the least and greatest value and the test rules them out. Parquet orders
     * a string column's statistics by the values' UTF-8 bytes.
     */
    @SuppressWarnings("unchecked") // range tests are only set on a ReadParquetFiles<String>
    private boolean mayKeep(BlockMetaData rowGroup, KeepIf.RangeTest.Given<T> range) {
      for (ColumnChunkMetaData chunk : rowGroup.getColumns()) {
        if (chunk.getPath().size() == 1 && chunk.getPath().toArray()[0].equals(stringColumn)) {
          Statistics<?> stats = chunk.getStatistics();
          if (stats == null || stats.isEmpty() || !stats.hasNonNullValue()
              || !(stats.genericGetMin() instanceof Binary least)
              || !(stats.genericGetMax() instanceof Binary greatest)) {
            return true;
          }
          return range.mayKeepBetween((T) least.toStringUsingUTF8(), (T) greatest.toStringUsingUTF8());
        }
      }
      return true;
    }

    /** The job's own state cannot be skipped: a read failure fails the run, naming the file. */
    private static IOException cannotRead(FileIO.ReadableFile file, Exception e) {
      return new IOException("could not read Parquet file " + file.getMetadata().resourceId() + ": " + e, e);
    }
  }

  /** Reads one row group's rows. */
  private interface RowGroupReader<T> {
    void read(PageReadStore rowGroup, Consumer<T> out);
  }

  /**
   * The column reader asks the record converter for the column's converter when it is made; the
   * values are read with {@link ColumnReader#getBinary} and never written to it.
   */
  private static final GroupConverter NO_RECORDS =
      new GroupConverter() {
        private final PrimitiveConverter column = new PrimitiveConverter() {};

        @Override
        public Converter getConverter(int fieldIndex) {
          return column;
        }

        @Override
        public void start() {}

        @Override
        public void end() {}
      };

  /** A matched file as Parquet's input: its length from the match, its bytes from Beam's channel. */
  static final class ChannelInputFile implements InputFile {
    private final FileIO.ReadableFile file;

    ChannelInputFile(FileIO.ReadableFile file) {
      this.file = file;
    }

    @Override
    public long getLength() {
      return file.getMetadata().sizeBytes();
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
      return seekableStream(file.openSeekable());
    }
  }

  /** A Beam channel as Parquet's stream: Parquet seeks to the footer and the row groups it reads. */
  public static SeekableInputStream seekableStream(SeekableByteChannel channel) {
    return new DelegatingSeekableInputStream(Channels.newInputStream(channel)) {
      @Override
      public long getPos() throws IOException {
        return channel.position();
      }

      @Override
      public void seek(long position) throws IOException {
        channel.position(position);
      }
    };
  }
}
