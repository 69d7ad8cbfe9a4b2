package io.salespipelines.pipelines.salesmarts;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.Test;

/** Which small runs the Direct runner reads once (light in bytes and in files), and their shuffle buckets. */
public class ReadOnceChoiceTest {
  private static final long MIB = 1L << 20;

  @Test
  public void aFewLightFilesAreReadOnceManyOrHeavyOnesInPasses() {
    assertThat(SalesMartsPipeline.readsOnce(MIB, 1, 16 * MIB), equalTo(true));
    assertThat(SalesMartsPipeline.readsOnce(16 * MIB, 8, 16 * MIB), equalTo(true));
    assertThat(SalesMartsPipeline.readsOnce(16 * MIB + 1, 1, 16 * MIB), equalTo(false));
    // 200 files of 30 rows each were slower read once (every file's bundle waits for side inputs).
    assertThat(SalesMartsPipeline.readsOnce(MIB, 9, 16 * MIB), equalTo(false));
    assertThat(SalesMartsPipeline.readsOnce(MIB, 1, 0), equalTo(false));
    assertThat(SalesMartsPipeline.readsOnce(0, 0, 0), equalTo(true));
  }

  @Test
  public void aLightDirectRunTakesABucketPerCoreOthersWhatIsAsked() {
    assertThat(SalesMartsPipeline.shuffleBuckets(true, MIB, 16 * MIB, 16, 2), equalTo(2));
    assertThat(SalesMartsPipeline.shuffleBuckets(true, MIB, 16 * MIB, 16, 1), equalTo(2));
    assertThat(SalesMartsPipeline.shuffleBuckets(true, MIB, 16 * MIB, 16, 8), equalTo(8));
    assertThat(SalesMartsPipeline.shuffleBuckets(true, MIB, 16 * MIB, 1, 8), equalTo(1));
    // Heavier than the light bound: its shuffles hold many sales, spread over what was asked for.
    assertThat(SalesMartsPipeline.shuffleBuckets(true, 16 * MIB + 1, 16 * MIB, 16, 2), equalTo(16));
    assertThat(SalesMartsPipeline.shuffleBuckets(false, MIB, 16 * MIB, 16, 2), equalTo(16));
  }
}
