package io.salespipelines.transforms.parse;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.values.TupleTag;

/**
 * A splittable read of planned {@link FileRange}s: the restriction is the range's {@link
 * RecordRange}, read a block of records at a time. Each block is read first, then claimed, then
 * emitted, so a runner can checkpoint the read after any block: the Direct runner does after every
 * hundred outputs (or a second), which hands the outputs so far downstream instead of holding a
 * whole file's rows in one bundle, and resumes the rest later. On Spark the read runs to the end of
 * its range in one call.
 *
 * <p>Counts {@code files_read} (a file's first range, when it starts) and {@code records_parsed}
 * (outputs to the records tag) in the given metrics namespace.
 *
 * <p>Bounded per element: a method that returns a {@link ProcessContinuation} makes Beam take the
 * read as unbounded otherwise, and the Spark runner then runs the whole pipeline as a stream.
 */
@DoFn.BoundedPerElement
public abstract class ReadFileRanges<OutputT> extends DoFn<FileRange, OutputT> {
  /**
   * About how many records the ranges being read at once in a JVM hand on per round: a block is
   * this divided among them (a read that was checkpointed and waits for its next call is one),
   * between {@link #MIN_BLOCK_RECORDS} and the block size asked for. The Direct runner has no
   * backpressure: every reader's last block waits in the heap at each step behind it, so many
   * ranges at once (one big file, many files) with full blocks filled the heap.
   */
  static final int READ_AHEAD_RECORDS = 100_000;

  static final int MIN_BLOCK_RECORDS = 5_000;

  /**
   * On the Direct runner (see {@link #waitingForHeap}), the most ranges whose cursors wait open for
   * their next call before another range may start: a range that would open a new cursor beyond
   * it waits. Without it every range of a 2 GB file (32) or of 64 files was open at once, so each
   * block was the 5,000-record minimum: 5,000 bundles per pass over 25M rows, and the Direct
   * runner's GroupByKey copies what a key gathered for every bundle that adds to it (the spill
   * segments, the duplicate check's places), which at that count did not finish in an hour. With
   * four, blocks are 20,000 records; two cores gain nothing from more ranges at once.
   */
  static final int MOST_OPEN_RANGES_ON_DIRECT = 4;

  private final TupleTag<?> recordsTag;
  private final int blockRecords;
  private final Counter files;
  private final Counter records;
  private final Counter heapWaits;
  private final Counter rangeWaits;
  private final boolean parkCursors;
  private boolean waitForHeap;

  /**
   * @param namespace metrics namespace (the job's name)
   * @param recordsTag the output whose elements count as records parsed
   * @param blockRecords records per block, the most outputs held before they are emitted
   * @param parkCursors false to open the file again on every resumed call (tests of that path)
   */
  protected ReadFileRanges(String namespace, TupleTag<?> recordsTag, int blockRecords, boolean parkCursors) {
    this.recordsTag = recordsTag;
    this.blockRecords = blockRecords;
    this.parkCursors = parkCursors;
    this.files = Metrics.counter(namespace, "files_read");
    this.records = Metrics.counter(namespace, "records_parsed");
    this.heapWaits = Metrics.counter(namespace, "reads_waiting_for_heap");
    this.rangeWaits = Metrics.counter(namespace, "reads_waiting_for_other_ranges");
  }

  /**
   * Makes the read wait, before each call's first block, while the heap's old generation is over
   * {@link HeapGauge#WAIT_ABOVE_PERCENT} percent full (for at most {@link #MAX_HEAP_WAIT_NANOS} at a stretch): it
   * hands the rest of its range back to the runner to be resumed shortly, without reading. For the Direct runner, whose steps have no backpressure (a
   * reader faster than the steps behind it filled the heap with their input); not for Spark, whose
   * tasks stream and spill. A range also waits to start while {@link #MOST_OPEN_RANGES_ON_DIRECT}
   * others are being read.
   */
  public ReadFileRanges<OutputT> waitingForHeap(boolean wait) {
    this.waitForHeap = wait;
    return this;
  }

  /** Whether the heap is full enough that reads wait (a test makes it say so for a while). */
  static volatile java.util.function.BooleanSupplier heapFull = HeapGauge::full;

  /**
   * Since when the heap has been full without a break (0: it is not), in this JVM. What fills it
   * may be something that only drains at the end of the input (a step that gathers all its input):
   * then waiting would never end, so after {@link #MAX_HEAP_WAIT_NANOS} the reads go on regardless
   * until the heap is seen below the mark again.
   */
  private static final java.util.concurrent.atomic.AtomicLong FULL_SINCE = new java.util.concurrent.atomic.AtomicLong();

  static final long MAX_HEAP_WAIT_NANOS = 10_000_000_000L;

  static boolean mustWaitForHeap(long now) {
    if (!heapFull.getAsBoolean()) {
      FULL_SINCE.set(0);
      return false;
    }
    FULL_SINCE.compareAndSet(0, now);
    return now - FULL_SINCE.get() < MAX_HEAP_WAIT_NANOS;
  }

  /** How long a read waits for the heap before it looks again. */
  static final org.joda.time.Duration HEAP_WAIT = org.joda.time.Duration.millis(100);

  /**
   * A cursor at the start of {@code range}, a part of {@code file}'s planned range (all of it, or
   * the rest after a checkpoint). Never throws: a file that cannot be opened is a cursor whose
   * first block reports it.
   */
  protected abstract RangeCursor open(FileRange file, RecordRange range);

  /** Records per block when {@code ranges} ranges are being read in this JVM. */
  static int blockRecords(int asked, int ranges) {
    return Math.min(asked, Math.max(MIN_BLOCK_RECORDS, READ_AHEAD_RECORDS / Math.max(1, ranges)));
  }

  @GetInitialRestriction
  public RecordRange initialRestriction(@Element FileRange file) {
    return file.range();
  }

  @NewTracker
  public RecordRangeTracker newTracker(@Restriction RecordRange range) {
    return new RecordRangeTracker(range);
  }

  @GetRestrictionCoder
  public Coder<RecordRange> restrictionCoder() {
    return RecordRange.CODER;
  }

  @GetSize
  public double size(@Element FileRange file, @Restriction RecordRange range) {
    long end = range.to == RecordRange.END ? Math.max(file.fileSize, range.from + 1) : range.to;
    return Math.max(1, end - range.from);
  }

  @ProcessElement
  public ProcessContinuation process(
      @Element FileRange file,
      RestrictionTracker<RecordRange, RecordBlock> tracker,
      MultiOutputReceiver out) {
    RecordRange range = tracker.currentRestriction();
    if (range.from >= range.to) {
      return ProcessContinuation.stop();
    }
    if (waitForHeap && mustWaitForHeap(System.nanoTime())) {
      heapWaits.inc();
      // Nothing claimed: the runner's checkpoint hands the whole rest back, resumed later.
      return ProcessContinuation.resume().withResumeDelay(HEAP_WAIT);
    }
    RangeCursor cursor = parkCursors ? ParkedCursors.take(file.readId, range.from) : null;
    if (cursor == null && waitForHeap && parkCursors && ParkedCursors.size() >= MOST_OPEN_RANGES_ON_DIRECT) {
      rangeWaits.inc();
      // Nothing claimed, as for the heap: resumed once a range being read has finished.
      return ProcessContinuation.resume().withResumeDelay(HEAP_WAIT);
    }
    if (cursor == null) {
      if (range.from == 0 && file.index == 0) {
        files.inc();
      }
      cursor = open(file, range);
    }
    boolean parked = false;
    try {
      while (true) {
        // The planned end, not the current one: a checkpoint moves that to where a block ended.
        RangeCursor.Block block = cursor.read(range.to, blockRecords(blockRecords, ParkedCursors.size() + 1));
        if (!tracker.tryClaim(block.claim)) {
          return ProcessContinuation.stop(); // checkpointed while the block was read
        }
        block.emit(out, recordsTag, records);
        if (block.finished() || block.claim.end >= range.to) {
          return ProcessContinuation.stop();
        }
        if (block.claim.end >= tracker.currentRestriction().to) {
          // Checkpointed: the runner resumes the rest from here.
          if (parkCursors) {
            ParkedCursors.park(file.readId, block.claim.end, cursor);
            parked = true;
          }
          return ProcessContinuation.stop();
        }
      }
    } finally {
      if (!parked) {
        cursor.close();
      }
    }
  }
}
