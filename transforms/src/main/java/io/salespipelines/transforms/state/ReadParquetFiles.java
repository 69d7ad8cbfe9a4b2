package io.salespipelines.transforms.state;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.util.function.Predicate;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.range.OffsetRange;
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
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.api.RecordMaterializer;
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
  private final String columns;
  private final SerializableFunction<GenericRecord, T> toRow;
  private final Coder<T> coder;
  private final @Nullable KeepIf<?, T> keepIf;

  /**
   * @param columns the record schema of the columns to read (the table's own schema for all of
   *     them); records come in this schema, other columns are not decoded
   */
  public ReadParquetFiles(Schema columns, SerializableFunction<GenericRecord, T> toRow, Coder<T> coder) {
    // Avro's Schema is not serializable; its JSON is.
    this(columns.toString(), toRow, coder, null);
  }

  private ReadParquetFiles(
      String columns, SerializableFunction<GenericRecord, T> toRow, Coder<T> coder, @Nullable KeepIf<?, T> keepIf) {
    this.columns = columns;
    this.toRow = toRow;
    this.coder = coder;
    this.keepIf = keepIf;
  }

  /**
   * Outputs only the rows the filter keeps. It runs inside the read, so a dropped row never
   * becomes an element: when most rows are dropped (the ids of every earlier run, of which a day's
   * run can repeat only a few), handing each row to the runner costs more than reading it (the
   * Direct runner bundles and commits every element).
   */
  public ReadParquetFiles<T> keeping(KeepIf<?, T> filter) {
    return new ReadParquetFiles<>(columns, toRow, coder, filter);
  }

  @Override
  public PCollection<T> expand(PCollection<FileIO.ReadableFile> files) {
    ParDo.SingleOutput<FileIO.ReadableFile, T> read = ParDo.of(new ReadRowGroupsFn<>(columns, toRow, keepIf));
    if (keepIf != null) {
      read = read.withSideInputs(keepIf.view());
    }
    return files.apply("ReadRowGroups", read).setCoder(coder);
  }

  /** The restriction is a file's row groups by index, one row group a split. */
  static final class ReadRowGroupsFn<T> extends DoFn<FileIO.ReadableFile, T> {
    private final String columns;
    private final SerializableFunction<GenericRecord, T> toRow;
    private final @Nullable KeepIf<?, T> keepIf;
    private transient Configuration conf;
    private transient ParquetReadOptions options;

    ReadRowGroupsFn(String columns, SerializableFunction<GenericRecord, T> toRow, @Nullable KeepIf<?, T> keepIf) {
      this.columns = columns;
      this.toRow = toRow;
      this.keepIf = keepIf;
    }

    @Setup
    public void setup() {
      Schema schema = new Schema.Parser().parse(columns);
      // No defaults loaded: the reader's settings are Parquet's own defaults or set here.
      conf = new Configuration(false);
      AvroReadSupport.setRequestedProjection(conf, schema);
      // Else records keep the file's full schema (other columns null) and do not fit the rows.
      AvroReadSupport.setAvroReadSchema(conf, schema);
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
      long first = tracker.currentRestriction().getFrom();
      try (ParquetFileReader reader = ParquetFileReader.open(new ChannelInputFile(file), options)) {
        FileMetaData footer = reader.getFileMetaData();
        AvroReadSupport<GenericRecord> support = new AvroReadSupport<>(GenericData.get());
        ReadSupport.ReadContext context =
            support.init(new InitContext(conf, ParquetRecords.asSets(footer.getKeyValueMetaData()), footer.getSchema()));
        reader.setRequestedSchema(context.getRequestedSchema());
        RecordMaterializer<GenericRecord> materializer =
            support.prepareForRead(conf, footer.getKeyValueMetaData(), footer.getSchema(), context);
        MessageColumnIO columnIO =
            new ColumnIOFactory(footer.getCreatedBy()).getColumnIO(context.getRequestedSchema(), footer.getSchema(), true);
        for (long i = 0; i < first; i++) {
          reader.skipNextRowGroup();
        }
        for (long i = first; tracker.tryClaim(i); i++) {
          PageReadStore rowGroup = reader.readNextRowGroup();
          RecordReader<GenericRecord> records = columnIO.getRecordReader(rowGroup, materializer, FilterCompat.NOOP);
          for (long row = 0; row < rowGroup.getRowCount(); row++) {
            T value = toRow.apply(records.read());
            if (keep.test(value)) {
              c.output(value);
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        throw cannotRead(file, e);
      }
    }

    /** The job's own state cannot be skipped: a read failure fails the run, naming the file. */
    private static IOException cannotRead(FileIO.ReadableFile file, Exception e) {
      return new IOException("could not read Parquet file " + file.getMetadata().resourceId() + ": " + e, e);
    }
  }

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
