package io.salespipelines.transforms.write;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.ErrorType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class WriteDeadLettersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void aTinySpillBufferStillGivesOneFileWithEveryDeadLetterOnce() throws Exception {
    String dir = tmp.getRoot() + "/dead_letter";
    List<DeadLetter> letters = new ArrayList<>();
    for (int i = 1; i <= 500; i++) {
      letters.add(DeadLetter.of("s3://in/sales_" + (i % 7) + ".csv", i, ErrorType.MALFORMED, null,
          "row " + i + " has 3 fields, the header 12", "T" + i + ",\"über\n2\",x"));
    }
    p.apply(Create.of(letters))
        .apply(new WriteDeadLetters("r1", dir, "part-r1").withSpillBufferBytes(200));
    p.run().waitUntilFinish();

    // One file, nothing else: the spill folder is gone.
    assertThat(names(dir), contains("part-r1-00000-of-00001.jsonl"));
    List<String> lines = Files.readAllLines(Path.of(dir, "part-r1-00000-of-00001.jsonl"), StandardCharsets.UTF_8);
    List<String> expected = new ArrayList<>();
    for (String line : lines) {
      JsonNode json = JSON.readTree(line);
      assertThat(json.get("run_id").asText(), equalTo("r1"));
      assertThat(json.get("error_type").asText(), equalTo(ErrorType.MALFORMED.code()));
      assertThat(json.get("raw").asText(), equalTo("T" + json.get("line").asLong() + ",\"über\n2\",x"));
      expected.add(json.get("source").asText() + ":" + json.get("line").asLong());
    }
    assertThat(expected, containsInAnyOrder(
        IntStream.rangeClosed(1, 500).mapToObj(i -> "s3://in/sales_" + (i % 7) + ".csv:" + i).toArray()));
  }

  @Test
  public void aRunWithoutDeadLettersWritesAnEmptyFile() throws Exception {
    String dir = tmp.getRoot() + "/dead_letter";
    p.apply(Create.empty(p.getSchemaRegistry().getSchemaCoder(DeadLetter.class)))
        .apply(new WriteDeadLetters("r1", dir, "part-r1"));
    p.run().waitUntilFinish();

    assertThat(names(dir), contains("part-r1-00000-of-00001.jsonl"));
    assertThat(Files.readAllLines(Path.of(dir, "part-r1-00000-of-00001.jsonl")), empty());
  }

  private static List<String> names(String dir) throws Exception {
    try (Stream<Path> files = Files.list(Path.of(dir))) {
      return files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }
}
