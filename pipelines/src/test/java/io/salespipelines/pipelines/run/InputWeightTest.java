package io.salespipelines.pipelines.run;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A run's input weight, as the run lifecycle takes it from the landing listing. */
public class InputWeightTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @BeforeClass
  public static void fileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  @Test
  public void weighsAListedFolderWithCompressedFilesAtTenTimesTheirSize() throws Exception {
    Path landing = tmp.newFolder("landing").toPath();
    Files.write(landing.resolve("a.csv"), new byte[1000]);
    Files.write(landing.resolve("b.jsonl.gz"), new byte[300]);
    Files.write(landing.resolve("c.csv.zst"), new byte[7]);
    LandingZone.Listing listing = LandingZone.list(landing.toString(), 0, Instant.now());
    assertThat(InputWeight.of(listing.files), equalTo(1000L + 3000L + 70L));
  }

  @Test
  public void saturatesInsteadOfOverflowing() {
    assertThat(InputWeight.of("x.gz", Long.MAX_VALUE / 5), equalTo(Long.MAX_VALUE));
    assertThat(InputWeight.add(Long.MAX_VALUE - 1, 2), equalTo(Long.MAX_VALUE));
  }
}
