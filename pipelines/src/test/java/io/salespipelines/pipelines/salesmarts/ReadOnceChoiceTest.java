package io.salespipelines.pipelines.salesmarts;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.Test;

/** Which small runs the Direct runner reads once: light in bytes and in files. */
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
}
