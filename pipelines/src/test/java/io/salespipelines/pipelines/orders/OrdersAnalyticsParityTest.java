package io.salespipelines.pipelines.orders;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import com.fasterxml.jackson.databind.JsonNode;
import io.salespipelines.pipelines.TableRows;
import io.salespipelines.pipelines.generate.OrdersDataGenerator;
import io.salespipelines.pipelines.generate.OrdersGenerateOptions;
import io.salespipelines.schemas.OrdersTables;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Runner parity for {@code orders-analytics}: the same generated orders through the command line on
 * the Direct runner and on Spark {@code local[2]} give the same rows in every table (partition
 * folder included), the same dead letters and the same counts.
 */
public class OrdersAnalyticsParityTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static Path direct;
  private static Path spark;
  private static String previousUi;

  @BeforeClass
  public static void runOnBothRunners() throws Exception {
    previousUi = System.setProperty("spark.ui.enabled", "false");
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    Path data = TMP.newFolder("data").toPath();
    OrdersGenerateOptions options = new OrdersGenerateOptions();
    options.output = data.toString();
    options.rows = 2_500;
    options.badRate = 0.04;
    options.seed = 23;
    options.months = 8;
    OrdersDataGenerator.generate(options);
    direct = TMP.getRoot().toPath().resolve("direct");
    spark = TMP.getRoot().toPath().resolve("spark");
    assertThat(OrdersAnalyticsJobTest.run(data.resolve("landing"), direct), equalTo(0));
    assertThat(OrdersAnalyticsJobTest.run(data.resolve("landing"), spark,
        "--runner=SparkRunner", "--sparkMaster=local[2]"), equalTo(0));
  }

  @AfterClass
  public static void restoreUi() {
    if (previousUi == null) {
      System.clearProperty("spark.ui.enabled");
    } else {
      System.setProperty("spark.ui.enabled", previousUi);
    }
  }

  @Test
  public void everyTableHoldsTheSameRowsOnBothRunners() throws Exception {
    for (String table : OrdersTables.ALL_TABLE_NAMES) {
      if (table.equals(OrdersTables.DEAD_LETTER)) {
        continue;
      }
      List<String> onDirect = TableRows.parquetRows(direct.resolve(table));
      assertThat(table + " rows", onDirect.size(), greaterThan(0));
      TableRows.assertSameMultiset(table, onDirect, TableRows.parquetRows(spark.resolve(table)));
    }
  }

  @Test
  public void deadLettersAndCountsAreTheSame() throws Exception {
    TableRows.assertSameMultiset("dead letters", TableRows.deadLetters(direct), TableRows.deadLetters(spark));
    JsonNode onDirect = TableRows.runRecords(direct).get(0);
    JsonNode onSpark = TableRows.runRecords(spark).get(0);
    assertThat(onSpark.get("runner").asText(), equalTo("SparkRunner"));
    assertThat(onSpark.get("counts"), equalTo(onDirect.get("counts")));
  }
}
