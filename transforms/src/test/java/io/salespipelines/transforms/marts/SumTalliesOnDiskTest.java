package io.salespipelines.transforms.marts;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class SumTalliesOnDiskTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /**
   * 3,000 tallies over 500 groups (six each, in several bundles): exact sums and counts per group,
   * every group once, and the spill folder gone at the end.
   */
  @Test
  public void sumsEveryGroupOnceFromItsSpilledPartialSums() throws Exception {
    List<KV<String, KV<BigDecimal, Long>>> tallies = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int g = 0; g < 500; g++) {
      for (int i = 0; i < 6; i++) {
        tallies.add(KV.of("G" + g, SumPerGroup.tally(new BigDecimal("0.01").multiply(BigDecimal.valueOf(g + i)), 1L)));
      }
      // 6 amounts of (g + i) cents: (6g + 15) cents.
      expected.add("G" + g + "=" + new BigDecimal(6 * g + 15).movePointLeft(2) + "/6");
    }
    Path spill = tmp.getRoot().toPath().resolve("spill");
    PCollection<KV<String, KV<BigDecimal, Long>>> sums =
        p.apply(Create.of(tallies).withCoder(SumPerGroup.keyedTally(StringUtf8Coder.of())))
            .apply(new SumTalliesOnDisk<>(4, StringUtf8Coder.of(), spill.toString()));
    PAssert.that(
            sums.apply(
                MapElements.into(TypeDescriptors.strings())
                    .via(kv -> kv.getKey() + "=" + kv.getValue().getKey() + "/" + kv.getValue().getValue())))
        .containsInAnyOrder(expected);
    p.run().waitUntilFinish();
    assertThat("spill folder deleted", Files.exists(spill), equalTo(false));
  }
}
