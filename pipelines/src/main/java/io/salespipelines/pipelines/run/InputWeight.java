package io.salespipelines.pipelines.run;

import java.util.List;
import org.apache.beam.sdk.io.Compression;

/**
 * What a run's input weighs when read: a file's bytes, a compressed file's at ten times its size
 * (about what CSV and JSON lines gain from gzip). Runs pick their form by it: sales-marts reads a
 * light run's sales once on the Direct runner, and a light run keeps the JVM's JIT light
 * ({@link LightJit}).
 */
public final class InputWeight {
  private InputWeight() {}

  /** The weight of one file, by its name and size. */
  public static long of(String filename, long sizeBytes) {
    boolean compressed = Compression.detect(filename) != Compression.UNCOMPRESSED;
    if (!compressed) {
      return sizeBytes;
    }
    return sizeBytes > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : sizeBytes * 10;
  }

  /** The weight of a run's files, from their listing. */
  public static long of(List<LandingZone.InputFile> files) {
    long weight = 0;
    for (LandingZone.InputFile f : files) {
      weight = add(weight, of(f.path, f.sizeBytes));
    }
    return weight;
  }

  /** The sum of weights, at most {@link Long#MAX_VALUE}. */
  public static long add(long weight, long more) {
    long sum = weight + more;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
