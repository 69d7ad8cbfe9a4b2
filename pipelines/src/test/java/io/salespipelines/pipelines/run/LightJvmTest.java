package io.salespipelines.pipelines.run;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class LightJvmTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private Path input;
  private Path output;

  @Before
  public void folders() throws IOException {
    input = tmp.newFolder("landing").toPath();
    output = tmp.getRoot().toPath().resolve("out");
  }

  /** A file of the given size (sparse: only its length counts). */
  private Path file(String name, long size) throws IOException {
    Path f = input.resolve(name);
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(size);
    }
    return f;
  }

  private Optional<String> decide(String job, String... options) {
    List<String> args = new ArrayList<>(List.of(job, "--input=" + input, "--output=" + output));
    args.addAll(List.of(options));
    return LightJvm.toAdd(job, args, List.of("-Xmx3g"));
  }

  /** The ledger the run itself writes ({@link Ledger#lines}), for the files listed now. */
  private void ledgerOfEverythingListed(String runId) throws IOException {
    LandingZone.Listing listing = LandingZone.list(input.toString(), 0, Instant.now());
    Path ledger = output.resolve("_state").resolve("ledger");
    Files.createDirectories(ledger);
    Files.writeString(ledger.resolve(runId + ".jsonl"), Ledger.lines(runId, listing.files, Map.of()),
        StandardCharsets.UTF_8);
  }

  @Test
  public void aSmallFirstRunGetsTheQuickJit() throws IOException {
    file("sales_0001.csv", 100_000);
    assertThat(decide("sales-marts"), equalTo(Optional.of(LightJvm.FLAG)));
    assertThat(decide("orders-analytics"), equalTo(Optional.of(LightJvm.FLAG)));
  }

  @Test
  public void aHeavyRunKeepsTheFullJit() throws IOException {
    file("sales_0001.csv", 17L << 20);
    assertThat(decide("sales-marts"), equalTo(Optional.empty()));
  }

  /** A gzip file weighs ten times its size, as in the run (InputWeight). */
  @Test
  public void compressedFilesWeighTenTimesTheirSize() throws IOException {
    file("sales_0001.csv.gz", 2L << 20);
    assertThat(decide("sales-marts"), equalTo(Optional.empty()));
  }

  /** The daily case: big files an earlier run read (by its own ledger), one small new one. */
  @Test
  public void filesTheLedgerListsDoNotCount() throws IOException {
    file("sales_0001.csv", 40L << 20);
    file("sales_0002.csv.gz", 5L << 20);
    ledgerOfEverythingListed("run-1");
    file("sales_0003.csv", 300_000);
    assertThat(decide("sales-marts"), equalTo(Optional.of(LightJvm.FLAG)));
    // ... unless the run reads everything again, or the threshold is off.
    assertThat(decide("sales-marts", "--reprocess"), equalTo(Optional.empty()));
    assertThat(decide("sales-marts", "--reprocess=true"), equalTo(Optional.empty()));
    assertThat(decide("sales-marts", "--lightJitUpToMiB=0"), equalTo(Optional.empty()));
  }

  /** Hidden names, folders and dangling links are not read by the run, so they weigh nothing. */
  @Test
  public void hiddenFilesAndFoldersDoNotCount() throws IOException {
    file(".big.csv", 40L << 20);
    file("_manifest.csv", 40L << 20);
    Files.createDirectories(input.resolve("processed"));
    Files.createSymbolicLink(input.resolve("dangling.csv"), input.resolve("gone.csv"));
    assertThat(decide("sales-marts"), equalTo(Optional.of(LightJvm.FLAG)));
  }

  @Test
  public void theThresholdIsTheOptionsOwn() throws IOException {
    assertThat(LightJvm.defaultUpToMiB(), equalTo(16));
    file("sales_0001.csv", 20L << 20);
    assertThat(decide("sales-marts", "--lightJitUpToMiB=32"), equalTo(Optional.of(LightJvm.FLAG)));
    assertThat(decide("sales-marts", "--lightJitUpToMiB=not-a-number"), equalTo(Optional.empty()));
  }

  /** Whatever it cannot estimate locally, or the user chose, stays as it is. */
  @Test
  public void leavesAloneWhatItCannotEstimateOrTheUserChose() throws IOException {
    file("sales_0001.csv", 1_000);
    assertThat(LightJvm.toAdd("sales-marts", List.of("sales-marts", "--input=s3://bucket/landing",
        "--output=" + output), List.of()), equalTo(Optional.empty()));
    assertThat(LightJvm.toAdd("sales-marts", List.of("sales-marts", "--input=" + input), List.of()),
        equalTo(Optional.empty()));
    assertThat(LightJvm.toAdd("sales-marts", List.of("sales-marts", "--input=" + input.resolve("missing"),
        "--output=" + output), List.of()), equalTo(Optional.empty()));
    assertThat(LightJvm.toAdd("orders-cdc", List.of("orders-cdc", "--input=" + input, "--output=" + output),
        List.of()), equalTo(Optional.empty()));
    for (String own : List.of("-XX:TieredStopAtLevel=4", "-XX:-TieredCompilation", "-Xint")) {
      assertThat(own, LightJvm.toAdd("sales-marts", List.of("sales-marts", "--input=" + input,
          "--output=" + output), List.of(own)), equalTo(Optional.empty()));
    }
  }
}
