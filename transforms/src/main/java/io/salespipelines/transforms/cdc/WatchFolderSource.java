package io.salespipelines.transforms.cdc;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a folder (local or {@code s3://}) for change-record files and reads each new one once, in
 * name order. An {@link UnboundedSource} rather than {@code FileIO.match().continuously()}: Beam
 * 2.62's Spark runner reads unbounded data only through an UnboundedSource (a splittable DoFn such
 * as {@code Watch} is rejected in streaming mode), and this form runs on the Direct runner too.
 *
 * <p>Event time: each record is stamped with its ApproximateCreationDateTime; the watermark is the
 * latest event time of the files read completely, so records within one file may come in any
 * order without being late. With {@code stopAfterIdle}, when no new file has come for that long,
 * the watermark jumps to the end of time: every window fires its last pane and the Direct runner
 * ends the pipeline by itself (the Spark job's driver watches for the same, see the job).
 *
 * <p>The checkpoint mark lists the files finished and the position in the current one, so a reader
 * rebuilt from it (the Direct runner does so now and then; Spark after a failure) neither skips nor
 * repeats a record. Each finished file is also noted under {@code doneDir} (one small file per
 * input file: its ledger key and the watermark after it), from which the job builds its ledger of
 * processed files, and the next run's starting watermark, after a clean end.
 */
public class WatchFolderSource extends UnboundedSource<RawChangeBatch, WatchFolderSource.Checkpoint> {
  private static final Logger LOG = LoggerFactory.getLogger(WatchFolderSource.class);
  private static final ObjectMapper NOTE_JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private final String folder;
  private final Duration pollInterval;
  private final @Nullable Duration stopAfterIdle;
  private final Set<String> skipKeys;
  private final @Nullable String doneDir;
  private final Clock clock;
  private final long startWatermarkMillis;
  private final FutureBound future;

  /** The time the source goes by for polling and for its idle end: the system's, or a test's. */
  public interface Clock extends Serializable {
    long millis();
  }

  /**
   * @param skipKeys ledger keys ({@link #ledgerKey}) of files processed by earlier runs
   * @param doneDir where to note each finished file; null for none
   */
  public WatchFolderSource(
      String folder, Duration pollInterval, @Nullable Duration stopAfterIdle, Set<String> skipKeys, @Nullable String doneDir) {
    this.folder = folder.endsWith("/") ? folder : folder + "/";
    this.pollInterval = pollInterval;
    this.stopAfterIdle = stopAfterIdle;
    this.skipKeys = new HashSet<>(skipKeys);
    this.doneDir = doneDir;
    this.clock = System::currentTimeMillis;
    this.startWatermarkMillis = BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis();
    this.future = FutureBound.of(FutureBound.DEFAULT);
  }

  private WatchFolderSource(WatchFolderSource base, Clock clock, long startWatermarkMillis, FutureBound future) {
    this.folder = base.folder;
    this.pollInterval = base.pollInterval;
    this.stopAfterIdle = base.stopAfterIdle;
    this.skipKeys = base.skipKeys;
    this.doneDir = base.doneDir;
    this.clock = clock;
    this.startWatermarkMillis = startWatermarkMillis;
    this.future = future;
  }

  /** The same source going by another clock: tests decide when it is idle, instead of waiting. */
  public WatchFolderSource withClock(Clock clock) {
    return new WatchFolderSource(this, clock, startWatermarkMillis, future.withClock(clock));
  }

  /**
   * The same source with another bound on event times in the future: a record beyond it does not
   * move the watermark (the parser makes it a dead letter), so that it cannot make every later
   * change too late, in this run or, through the noted watermark, in the next.
   */
  public WatchFolderSource withFutureBound(FutureBound bound) {
    return new WatchFolderSource(this, clock, startWatermarkMillis, bound);
  }

  /**
   * The same source starting from the watermark where earlier runs left it (the latest event time
   * of the files they read, {@link #watermarkNoted}), so that a change is too late or not the same
   * way in a run and in its restart.
   */
  public WatchFolderSource withStartWatermark(long millis) {
    return new WatchFolderSource(this, clock, Math.max(millis, BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis()), future);
  }

  /** The watermark noted in a finished file's note (its second line), if any. */
  public static @Nullable Long watermarkNoted(String note) {
    String[] lines = note.trim().split("\n");
    if (lines.length < 2) {
      return null;
    }
    try {
      return Long.parseLong(lines[1].trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The ledger key of a finished file's note (its first line): a JSON string, or, in notes written
   * before, the key as it was (a path, so it never starts with a quote).
   */
  public static String keyNoted(String note) {
    String first = note.trim().split("\n")[0].trim();
    if (!first.startsWith("\"")) {
      return first;
    }
    try {
      return NOTE_JSON.readValue(first, String.class);
    } catch (IOException e) {
      // Not a note this job wrote: a key that matches no file, so the file is read again.
      return first;
    }
  }

  /**
   * A finished file's note: its key as a JSON string, then the watermark. A file name may hold a
   * newline, a tab, a backslash or anything the JVM decoded its bytes to; written raw, such a key
   * broke the note's lines and never matched again, so the file was read (and its records
   * appended) on every run. Non-ASCII is escaped too, so even a lone surrogate comes back as it was.
   */
  static String note(String key, long watermarkMillis) {
    try {
      return NOTE_JSON.writeValueAsString(key) + "\n" + watermarkMillis + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A file as the ledger knows it: a changed file (size or time) is read again. */
  public static String ledgerKey(MatchResult.Metadata m) {
    return m.resourceId() + "|" + m.sizeBytes() + "|" + m.lastModifiedMillis();
  }

  /** The files directly in a folder that the job looks at (not hidden, not `_` names), by name. */
  public static List<MatchResult.Metadata> list(String folder) throws IOException {
    String dir = folder.endsWith("/") ? folder : folder + "/";
    MatchResult match = FileSystems.match(dir + "*", EmptyMatchTreatment.ALLOW);
    List<MatchResult.Metadata> files = new ArrayList<>();
    if (match.status() == MatchResult.Status.OK) {
      for (MatchResult.Metadata m : match.metadata()) {
        String name = m.resourceId().getFilename();
        if (name != null && !ChangeFileReader.isIgnored(name) && !m.resourceId().isDirectory()) {
          files.add(m);
        }
      }
    }
    files.sort((a, b) -> a.resourceId().toString().compareTo(b.resourceId().toString()));
    return files;
  }

  @Override
  public List<WatchFolderSource> split(int desiredNumSplits, PipelineOptions options) {
    // One reader: files are few and large; parsing and everything after it run in parallel.
    return Collections.singletonList(this);
  }

  @Override
  public UnboundedReader<RawChangeBatch> createReader(PipelineOptions options, @Nullable Checkpoint mark) {
    Checkpoint start = mark;
    if (start == null) {
      start = new Checkpoint();
      start.watermarkMillis = startWatermarkMillis;
    }
    return new Reader(this, start);
  }

  @Override
  public Coder<Checkpoint> getCheckpointMarkCoder() {
    return SerializableCoder.of(Checkpoint.class);
  }

  @Override
  public Coder<RawChangeBatch> getOutputCoder() {
    try {
      return org.apache.beam.sdk.schemas.SchemaRegistry.createDefault().getSchemaCoder(RawChangeBatch.class);
    } catch (org.apache.beam.sdk.schemas.NoSuchSchemaException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Files finished, the position in the current file, the watermark and the idle clock. */
  public static final class Checkpoint implements UnboundedSource.CheckpointMark, Serializable {
    final Set<String> done = new HashSet<>();
    @Nullable String current;
    int consumedInCurrent;
    long watermarkMillis = BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis();
    long lastNewFileMillis = -1;
    boolean finished;

    Checkpoint copy() {
      Checkpoint c = new Checkpoint();
      c.done.addAll(done);
      c.current = current;
      c.consumedInCurrent = consumedInCurrent;
      c.watermarkMillis = watermarkMillis;
      c.lastNewFileMillis = lastNewFileMillis;
      c.finished = finished;
      return c;
    }

    @Override
    public void finalizeCheckpoint() {}

    @Override
    public boolean equals(@Nullable Object o) {
      if (!(o instanceof Checkpoint)) {
        return false;
      }
      Checkpoint c = (Checkpoint) o;
      return done.equals(c.done) && java.util.Objects.equals(current, c.current)
          && consumedInCurrent == c.consumedInCurrent && watermarkMillis == c.watermarkMillis
          && lastNewFileMillis == c.lastNewFileMillis && finished == c.finished;
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(done, current, consumedInCurrent, watermarkMillis, lastNewFileMillis, finished);
    }
  }

  static final class Reader extends UnboundedReader<RawChangeBatch> {
    /**
     * Records per element at most. Every step after the source pays per element and, on the Direct
     * runner, per bundle (it reads ten elements of an unbounded source per bundle), so records travel
     * in batches as far as the first shuffle.
     */
    static final int BATCH = 5000;
    private final WatchFolderSource source;
    private final Checkpoint state;
    private final TreeMap<String, String> pending = new TreeMap<>();
    /** The file being read, record by record (memory holds a batch, not the file); null when none. */
    private ChangeFileReader.@Nullable Cursor cursor;
    /** A record that stands for a whole file (its type is wrong), read instead of a cursor. */
    private @Nullable RawChange wholeFile;
    private long currentFileMaxMillis = Long.MIN_VALUE;
    private @Nullable RawChangeBatch record;
    private Instant timestamp = BoundedWindow.TIMESTAMP_MIN_VALUE;
    private long lastPollMillis = Long.MIN_VALUE;

    Reader(WatchFolderSource source, Checkpoint mark) {
      this.source = source;
      this.state = mark.copy();
    }

    @Override
    public boolean start() throws IOException {
      if (state.lastNewFileMillis < 0) {
        state.lastNewFileMillis = source.clock.millis();
      }
      if (state.current != null) {
        // Resume inside the file the checkpoint was taken in.
        String key = state.current;
        int skip = state.consumedInCurrent;
        open(key);
        // The latest event time of the records read before the checkpoint counts for the watermark too.
        for (int i = 0; i < skip && state.current != null; i++) {
          RawChange r = nextRecord();
          if (r == null) {
            break;
          }
          stamp(r);
        }
        if (state.current != null) {
          state.consumedInCurrent = skip;
        }
      }
      return advance();
    }

    @Override
    public boolean advance() throws IOException {
      while (!state.finished) {
        List<RawChange> batch = new ArrayList<>();
        long earliest = Long.MAX_VALUE;
        while (state.current != null && batch.size() < BATCH) {
          RawChange r = nextRecord();
          if (r == null) {
            break;
          }
          RawChange stamped = stamp(r);
          batch.add(stamped);
          if (stamped.getEventTimeMillis() != null) {
            earliest = Math.min(earliest, stamped.getEventTimeMillis());
          }
        }
        if (!batch.isEmpty()) {
          if (state.current != null) {
            state.consumedInCurrent += batch.size();
          }
          record = RawChangeBatch.of(batch);
          // The batch's own timestamp: its earliest record, so that splitting it moves records forward only.
          timestamp = earliest == Long.MAX_VALUE ? new Instant(state.watermarkMillis) : new Instant(earliest);
          if (timestamp.isBefore(BoundedWindow.TIMESTAMP_MIN_VALUE)) {
            timestamp = BoundedWindow.TIMESTAMP_MIN_VALUE;
          }
          return true;
        }
        if (state.current != null) {
          finishCurrent();
        }
        boolean polled = false;
        if (pending.isEmpty()) {
          polled = poll();
        }
        if (pending.isEmpty()) {
          // Done only when a listing, not just the clock, says that nothing new has come.
          if (polled && source.stopAfterIdle != null
              && source.clock.millis() - state.lastNewFileMillis >= source.stopAfterIdle.getMillis()) {
            LOG.info("no new file in {} for {}: the source is done", source.folder, source.stopAfterIdle);
            state.finished = true;
          }
          record = null;
          return false;
        }
        String key = pending.firstKey();
        pending.remove(key);
        open(key);
      }
      record = null;
      return false;
    }

    private void open(String key) throws IOException {
      closeCursor();
      state.current = key;
      state.consumedInCurrent = 0;
      currentFileMaxMillis = Long.MIN_VALUE;
      String path = key.substring(0, key.indexOf('|'));
      ResourceId file = FileSystems.matchNewResource(path, false);
      String name = file.getFilename() == null ? "" : file.getFilename();
      if (!ChangeFileReader.isChangeFile(name)) {
        wholeFile = RawChange.wrongFileType(path);
        return;
      }
      try {
        cursor = ChangeFileReader.open(file);
      } catch (IOException e) {
        unreadable(e);
      }
    }

    /**
     * The current file's next record; null when it has none left, or could not be read on
     * ({@code state.current} is null then).
     */
    private @Nullable RawChange nextRecord() {
      if (wholeFile != null) {
        RawChange r = wholeFile;
        wholeFile = null;
        return r;
      }
      if (cursor == null) {
        return null;
      }
      try {
        RawChange r = cursor.next();
        if (r == null) {
          closeCursor();
        }
        return r;
      } catch (IOException e) {
        unreadable(e);
        return null;
      }
    }

    /**
     * Gone or unreadable since it was listed, or the storage failed part-way: say so, and read it
     * again (not noted as done). Records it gave before are given again then; their eventIDs make
     * them the same changes (SPEC 3.1).
     */
    private void unreadable(IOException e) {
      LOG.warn("cannot read {}: {}", state.current, e.getMessage());
      closeCursor();
      state.current = null;
      state.consumedInCurrent = 0;
    }

    private void closeCursor() {
      wholeFile = null;
      if (cursor != null) {
        try {
          cursor.close();
        } catch (IOException e) {
          LOG.debug("closing a change file: {}", e.getMessage());
        }
        cursor = null;
      }
    }

    private void finishCurrent() throws IOException {
      String key = state.current;
      state.done.add(key);
      state.current = null;
      state.consumedInCurrent = 0;
      closeCursor();
      if (currentFileMaxMillis > state.watermarkMillis) {
        state.watermarkMillis = currentFileMaxMillis;
      }
      if (source.doneDir != null) {
        String name = Integer.toHexString(key.hashCode()) + "-" + Integer.toHexString(key.length()) + ".done";
        ResourceId marker = FileSystems.matchNewResource(source.doneDir + "/" + name, false);
        try (OutputStream out = Channels.newOutputStream(FileSystems.create(marker, "text/plain"))) {
          // The key, and the watermark once this file is done: the next run starts from the latest.
          out.write(note(key, state.watermarkMillis).getBytes(StandardCharsets.UTF_8));
        }
      }
    }

    /** Lists the folder unless it was listed less than the poll interval ago; true when it listed. */
    private boolean poll() throws IOException {
      long now = source.clock.millis();
      if (lastPollMillis != Long.MIN_VALUE && now - lastPollMillis < source.pollInterval.getMillis()) {
        return false;
      }
      lastPollMillis = now;
      for (MatchResult.Metadata m : list(source.folder)) {
        String key = ledgerKey(m);
        if (!state.done.contains(key) && !source.skipKeys.contains(key) && !key.equals(state.current)) {
          if (pending.put(key, key) == null) {
            state.lastNewFileMillis = now;
          }
        }
      }
      return true;
    }

    /**
     * The record with its event time, if it has one, and the watermark as it stands while this file
     * is read (it moves only when a file is finished); the file's latest time moves on with it,
     * unless the time is beyond the future bound (that record is a dead letter).
     */
    private RawChange stamp(RawChange r) {
      Long millis = null;
      if (r.getRejectedAs() == null) {
        millis = EventTimes.creationMillis(r.getText());
        if (millis != null && !source.future.isBeyond(millis)) {
          currentFileMaxMillis = Math.max(currentFileMaxMillis, millis);
        }
      }
      return r.withTimes(millis, state.watermarkMillis);
    }

    @Override
    public RawChangeBatch getCurrent() {
      if (record == null) {
        throw new NoSuchElementException();
      }
      return record;
    }

    @Override
    public Instant getCurrentTimestamp() {
      if (record == null) {
        throw new NoSuchElementException();
      }
      return timestamp;
    }

    @Override
    public Instant getWatermark() {
      return state.finished ? BoundedWindow.TIMESTAMP_MAX_VALUE : new Instant(state.watermarkMillis);
    }

    @Override
    public Checkpoint getCheckpointMark() {
      return state.copy();
    }

    @Override
    public WatchFolderSource getCurrentSource() {
      return source;
    }

    @Override
    public void close() {
      closeCursor();
    }
  }
}
