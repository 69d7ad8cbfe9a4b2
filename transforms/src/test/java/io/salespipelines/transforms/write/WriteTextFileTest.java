package io.salespipelines.transforms.write;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Lines into exactly one file, through spill files that are gone afterwards; empty when none. */
@RunWith(JUnit4.class)
public class WriteTextFileTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void everyLineOnceInOneFileBesideNothingElse() throws Exception {
    Path dir = tmp.getRoot().toPath().resolve("_counts");
    List<String> lines =
        IntStream.rangeClosed(1, 300).mapToObj(i -> "row:label " + i + "\tü" + i).collect(Collectors.toList());
    p.apply(Create.of(lines)).apply(WriteTextFile.to(dir + "/counts.tsv").withSpillBufferBytes(100));
    p.run().waitUntilFinish();

    assertThat(names(dir), contains("counts.tsv"));
    assertThat(Files.readAllLines(dir.resolve("counts.tsv"), StandardCharsets.UTF_8), containsInAnyOrder(lines.toArray()));
  }

  @Test
  public void noLinesGiveAnEmptyFile() throws Exception {
    Path dir = tmp.getRoot().toPath().resolve("_counts");
    p.apply(Create.empty(StringUtf8Coder.of())).apply(WriteTextFile.to(dir + "/rejected_files.tsv"));
    p.run().waitUntilFinish();

    assertThat(names(dir), contains("rejected_files.tsv"));
    assertThat(Files.readAllLines(dir.resolve("rejected_files.tsv")), empty());
  }

  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }
}
