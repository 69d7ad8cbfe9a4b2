package io.salespipelines.pipelines.run;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** What a listing of the landing folder reads, leaves for later, and reports as unreadable. */
public class LandingZoneTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @BeforeClass
  public static void fileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  private static List<String> names(List<LandingZone.InputFile> files) {
    return files.stream().map(f -> Path.of(f.path).getFileName().toString()).collect(Collectors.toList());
  }

  @Test
  public void readsFilesDirectlyInTheFolderOnly() throws Exception {
    Path landing = tmp.newFolder("landing").toPath();
    Files.writeString(landing.resolve("b.csv"), "x");
    Files.writeString(landing.resolve("a.json"), "x");
    Files.writeString(landing.resolve(".hidden.csv"), "x");
    Files.writeString(landing.resolve("_manifest.csv"), "x");
    Files.createDirectories(landing.resolve("processed/run1"));
    Files.writeString(landing.resolve("processed/run1/old.csv"), "x");
    LandingZone.Listing listing = LandingZone.list(landing.toString(), 0, Instant.now());
    assertThat(names(listing.files), equalTo(List.of("a.json", "b.csv")));
    assertThat(listing.problems.size(), equalTo(0));
  }

  @Test
  public void linkLoopsAndDanglingLinksAreProblemsNotHangsOrSilentDrops() throws Exception {
    Path landing = tmp.newFolder("links").toPath();
    Path outside = tmp.newFolder("outside").toPath();
    Files.writeString(outside.resolve("real.csv"), "a,b\n1,2\n");
    Files.createSymbolicLink(landing.resolve("linked.csv"), outside.resolve("real.csv"));
    Files.createSymbolicLink(landing.resolve("dangling.csv"), outside.resolve("gone.csv"));
    Files.createSymbolicLink(landing.resolve("loop1.csv"), landing.resolve("loop2.csv"));
    Files.createSymbolicLink(landing.resolve("loop2.csv"), landing.resolve("loop1.csv"));
    // A folder loop: Beam's local match walks into it forever.
    Files.createSymbolicLink(landing.resolve("self"), landing);
    Files.createSymbolicLink(landing.resolve("to-folder"), outside);

    LandingZone.Listing listing = LandingZone.list(landing.toString(), 0, Instant.now());

    assertThat(names(listing.files), equalTo(List.of("linked.csv")));
    assertThat(listing.files.get(0).linkTarget, equalTo(outside.resolve("real.csv").toString()));
    assertThat(listing.files.get(0).sizeBytes, equalTo(8L));
    List<String> problems =
        listing.problems.stream().map(p -> Path.of(p.path).getFileName() + ": " + p.reason).collect(Collectors.toList());
    assertThat(problems.size(), equalTo(3));
    assertThat(problems.get(0), containsString("dangling.csv: dangling symbolic link"));
    assertThat(problems.get(1), containsString("loop1.csv: symbolic link"));
    assertThat(problems.get(2), containsString("loop2.csv: symbolic link"));
  }

  @Test
  public void aNamedPipeIsAProblemAndIsNeverOpened() throws Exception {
    Path landing = tmp.newFolder("pipe").toPath();
    Process mkfifo = new ProcessBuilder("mkfifo", landing.resolve("stream.csv").toString()).start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, equalTo(true));
    LandingZone.Listing listing = LandingZone.list(landing.toString(), 0, Instant.now());
    assertThat(listing.files.size(), equalTo(0));
    assertThat(listing.problems.get(0).reason, containsString("not a regular file"));
  }

  @Test
  public void filesYoungerThanTheMinimumAgeAreLeftForLater() throws Exception {
    Path landing = tmp.newFolder("young").toPath();
    Instant now = Instant.parse("2026-06-01T12:00:00Z");
    Path old = Files.writeString(landing.resolve("old.csv"), "x");
    Path fresh = Files.writeString(landing.resolve("fresh.csv"), "x");
    Files.setLastModifiedTime(old, FileTime.from(now.minusSeconds(600)));
    Files.setLastModifiedTime(fresh, FileTime.from(now.minusSeconds(30)));

    LandingZone.Listing listing = LandingZone.list(landing.toString(), 60, now);

    assertThat(names(listing.files), equalTo(List.of("old.csv")));
    assertThat(names(listing.tooYoung), equalTo(List.of("fresh.csv")));
    assertThat(names(LandingZone.list(landing.toString(), 0, now).files), equalTo(List.of("fresh.csv", "old.csv")));
  }
}
