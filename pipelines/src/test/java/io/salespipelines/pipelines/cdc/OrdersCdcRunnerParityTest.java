package io.salespipelines.pipelines.cdc;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The same input on the Direct runner and on Spark local[2] in streaming mode: the same
 * orders_current, order_activity, set of cdc_events, dead letters and counts.
 */
public class OrdersCdcRunnerParityTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void directAndSparkStreamingAgree() throws Exception {
    File in = tmp.newFolder("in");
    OrdersCdcJobTest.writeInput(in);
    Path direct = tmp.getRoot().toPath().resolve("direct");
    Path spark = tmp.getRoot().toPath().resolve("spark");
    String onDirect = OrdersCdcJobTest.run(OrdersCdcJobTest.args(in, direct, "--runId=d"));
    String onSpark =
        OrdersCdcJobTest.run(OrdersCdcJobTest.args(in, spark, "--runId=s", "--runner=SparkRunner", "--sparkMaster=local[2]"));

    assertThat(onSpark.replace("run s:", "run d:"), equalTo(onDirect));
    assertThat(onSpark, startsWith("orders-cdc run s: 13 records read: 8 written"));
    assertThat(CdcOutputs.ordersCurrent(spark), equalTo(OrdersCdcJobTest.ORDERS_CURRENT));
    assertThat(CdcOutputs.ordersCurrent(spark), equalTo(CdcOutputs.ordersCurrent(direct)));
    assertThat(CdcOutputs.orderActivity(spark), equalTo(CdcOutputs.orderActivity(direct)));
    assertThat(CdcOutputs.lines(spark.resolve("cdc_events")), equalTo(CdcOutputs.lines(direct.resolve("cdc_events"))));
    assertThat(CdcOutputs.deadLetters(spark), equalTo(CdcOutputs.deadLetters(direct)));
    List<String> counts = List.of("records_read", "cdc_events_written", "dead_letters", "duplicates", "late_records");
    ObjectMapper json = new ObjectMapper();
    for (String c : counts) {
      assertThat(c,
          json.readTree(spark.resolve("_runs/s.json").toFile()).get("counts").get(c),
          equalTo(json.readTree(direct.resolve("_runs/d.json").toFile()).get("counts").get(c)));
    }
    assertThat(json.readTree(spark.resolve("_runs/s.json").toFile()).get("runner").asText(), equalTo("SparkRunner"));
  }
}
