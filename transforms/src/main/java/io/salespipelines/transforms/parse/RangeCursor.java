package io.salespipelines.transforms.parse;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn.MultiOutputReceiver;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads one range of a file a block of records at a time, for {@link ReadFileRanges}. A cursor is
 * open on the file between blocks, so the read can stop after any block and go on later from the
 * same cursor ({@link ParkedCursors}) or from a new one opened at the block's end.
 */
public interface RangeCursor extends Closeable {
  /**
   * Reads records until {@code maxRecords} were read, the next record would start at or after
   * {@code to}, or the file ends. Never throws: what goes wrong with the file is a dead letter in
   * the block, and the cursor is then done.
   */
  Block read(long to, int maxRecords);

  @Override
  void close();

  /** The outputs of some records, and where they end. */
  final class Block {
    public final RecordBlock claim;
    private final List<TupleTag<?>> tags;
    private final List<Object> values;

    Block(RecordBlock claim, Outputs outputs) {
      this.claim = claim;
      this.tags = outputs.tags;
      this.values = outputs.values;
    }

    /** The cursor is done with the file: it ended, was rejected whole, or broke off. */
    public boolean finished() {
      return claim.end == RecordRange.END;
    }

    int size() {
      return values.size();
    }

    @SuppressWarnings("unchecked")
    void emit(MultiOutputReceiver out, @Nullable TupleTag<?> counted, Counter counter) {
      for (int i = 0; i < values.size(); i++) {
        TupleTag<Object> tag = (TupleTag<Object>) tags.get(i);
        if (tag.equals(counted)) {
          counter.inc();
        }
        out.get(tag).output(values.get(i));
      }
    }
  }

  /** The outputs of the block being read, in order. */
  final class Outputs {
    private List<TupleTag<?>> tags = new ArrayList<>();
    private List<Object> values = new ArrayList<>();

    public <T> void add(TupleTag<T> tag, T value) {
      tags.add(tag);
      values.add(value);
    }

    /** The block of what was added since the last one. */
    public Block take(RecordBlock claim) {
      Block block = new Block(claim, this);
      tags = new ArrayList<>();
      values = new ArrayList<>();
      return block;
    }
  }
}
