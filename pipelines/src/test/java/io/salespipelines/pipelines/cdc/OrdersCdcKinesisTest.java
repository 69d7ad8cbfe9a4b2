package io.salespipelines.pipelines.cdc;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipelines.pipelines.kinesis.KinesisTestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * orders-cdc with --source=kinesis against the Kinesis-compatible server of
 * scripts/kinesis-server.sh (skipped without TEST_KINESIS_ENDPOINT; CI starts it): generate puts
 * change records onto a stream, the job reads them with KinesisIO, and ends with the same
 * orders_current and cdc_events as a run over the same records as files.
 */
public class OrdersCdcKinesisTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static String[] with(String[] base, String... more) {
    List<String> all = new ArrayList<>(List.of(base));
    all.addAll(List.of(more));
    return all.toArray(new String[0]);
  }

  @Test
  public void generatedStreamGivesTheSameTablesAsTheSameRecordsInFiles() throws Exception {
    try (KinesisTestServer server = KinesisTestServer.connect()) {
      String stream = server.createStream("orders-cdc", 2);
      Path root = tmp.getRoot().toPath();
      String put = OrdersCdcJobTest.run(with(new String[] {"generate", "--dataset=cdc", "--rows=400", "--seed=3",
          "--output=" + root.resolve("gen-stream"), "--stream=" + stream}, server.args()));
      assertThat(put, containsString("change records"));
      JsonNode generated = new ObjectMapper().readTree(root.resolve("gen-stream/_generator.json").toFile());
      long records = generated.get("records").asLong();
      assertThat(generated.get("stream_records_put").asLong(), equalTo(records));

      Path out = root.resolve("out-kinesis");
      String summary = OrdersCdcJobTest.run(with(new String[] {"orders-cdc", "--source=kinesis", "--stream=" + stream,
          "--initialPosition=TRIM_HORIZON", "--maxRecords=" + records, "--output=" + out, "--runId=k"}, server.args()));
      assertThat(summary, startsWith("orders-cdc run k: " + records + " records read: "
          + generated.get("changes").asLong() + " written to cdc_events, " + generated.get("bad_records").asLong()
          + " dead letters"));

      // The same records as files (same seed), read from a folder.
      OrdersCdcJobTest.run("generate", "--dataset=cdc", "--rows=400", "--seed=3", "--output=" + root.resolve("gen-files"));
      Path files = root.resolve("out-files");
      OrdersCdcJobTest.run("orders-cdc", "--input=" + root.resolve("gen-files/changes"), "--output=" + files,
          "--stopAfterIdleSeconds=3", "--pollMillis=100", "--runId=f");
      assertThat(CdcOutputs.ordersCurrent(out).size(), greaterThan(50));
      assertThat(CdcOutputs.ordersCurrent(out), equalTo(CdcOutputs.ordersCurrent(files)));
      assertThat(CdcOutputs.lines(out.resolve("cdc_events")), equalTo(CdcOutputs.lines(files.resolve("cdc_events"))));
      assertThat(CdcOutputs.deadLetters(out).get(0), containsString("\"source\":\"kinesis:" + stream + "\""));
      assertThat(CdcOutputs.deadLetters(out).size(), equalTo(CdcOutputs.deadLetters(files).size() - 1));
    }
  }

  @Test
  public void aMissingStreamIsOneLineAndExitCode2() {
    try (KinesisTestServer server = KinesisTestServer.connect()) {
      java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
      int code = io.salespipelines.pipelines.Main.run(
          with(new String[] {"orders-cdc", "--source=kinesis", "--stream=no-such-stream",
              "--output=" + tmp.getRoot().toPath().resolve("o")}, server.args()),
          new java.io.PrintStream(new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err, true));
      assertThat(code, equalTo(2));
      assertThat(err.toString(), startsWith("orders-cdc: --stream: "));
      assertThat(err.toString().trim().lines().count(), equalTo(1L));
    }
  }
}
