package io.salespipelines.transforms.dedup;

import java.util.BitSet;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.DelegateCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * A fixed-size bitmap of hashed keys (a Bloom filter with one hash): it says for sure that a key is
 * not in a set, and "maybe" for the keys of the set and for a small share of others. 2^24 bits
 * (2 MiB) whatever the set's size: for 10k keys about 0.06% of other keys answer "maybe", for 1M
 * about 6%. Used to cut earlier runs' keys down to those this run also has before they meet this
 * run's records in a shuffle; a "maybe" that is wrong costs one key in that shuffle, never a wrong
 * answer, as the shuffle compares the keys themselves.
 *
 * <p>Hand-written (a dozen lines) rather than Guava's BloomFilter: the Spark runtime brings an old
 * Guava, and Beam's is vendored and internal.
 */
public final class KeySketch {
  static final int BITS = 1 << 24;

  static final Coder<BitSet> BITS_CODER =
      DelegateCoder.of(ByteArrayCoder.of(), BitSet::toByteArray, BitSet::valueOf);

  private KeySketch() {}

  static int slot(String key) {
    // Murmur3's finalizer spreads String.hashCode over the low bits.
    int h = key.hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h & (BITS - 1);
  }

  /** False if the key is certainly not among the sketched keys. */
  static boolean mightContain(BitSet sketch, String key) {
    return sketch.get(slot(key));
  }

  /** Combines keys into their sketch. */
  static final class Of extends Combine.CombineFn<String, BitSet, BitSet> {
    @Override
    public BitSet createAccumulator() {
      return new BitSet();
    }

    @Override
    public BitSet addInput(BitSet sketch, String key) {
      sketch.set(slot(key));
      return sketch;
    }

    @Override
    public BitSet mergeAccumulators(Iterable<BitSet> sketches) {
      BitSet merged = new BitSet();
      for (BitSet s : sketches) {
        merged.or(s);
      }
      return merged;
    }

    @Override
    public BitSet extractOutput(BitSet sketch) {
      return sketch;
    }

    @Override
    public Coder<BitSet> getAccumulatorCoder(CoderRegistry registry, Coder<String> input) {
      return BITS_CODER;
    }

    @Override
    public Coder<BitSet> getDefaultOutputCoder(CoderRegistry registry, Coder<String> input) {
      return BITS_CODER;
    }
  }
}
