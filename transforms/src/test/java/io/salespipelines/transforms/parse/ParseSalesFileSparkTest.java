package io.salespipelines.transforms.parse;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.SalesLine;
import io.salespipelines.transforms.testing.TestFiles;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.TestSparkRunner;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The split read on the Spark runner ({@code local[2]}): a CSV file read in many small ranges and
 * the same rows gzip-compressed (one range) give the rows and dead letters, with their lines, that
 * {@link SplitSample} wrote. One pipeline, so one SparkContext in this JVM.
 */
@RunWith(JUnit4.class)
public class ParseSalesFileSparkTest {
  @Rule public final transient TestPipeline p = TestPipeline.fromOptions(sparkOptions());
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  private static String previousUi;

  private static SparkPipelineOptions sparkOptions() {
    SparkPipelineOptions options = PipelineOptionsFactory.create().as(SparkPipelineOptions.class);
    options.setRunner(TestSparkRunner.class);
    options.setSparkMaster("local[2]");
    return options;
  }

  @BeforeClass
  public static void noWebUi() {
    previousUi = System.setProperty("spark.ui.enabled", "false");
  }

  @AfterClass
  public static void restoreWebUi() {
    if (previousUi == null) {
      System.clearProperty("spark.ui.enabled");
    } else {
      System.setProperty("spark.ui.enabled", previousUi);
    }
  }

  @Test
  public void splitAndGzipReadsGiveExactRowsAndLinesOnSpark() throws Exception {
    SplitSample csv = new SplitSample("split.csv", 300);
    SplitSample gz = new SplitSample("split.csv.gz", 300);
    String csvPath = TestFiles.writeBytes(tmp, "split.csv", csv.bytes());
    String gzPath = TestFiles.writeGzip(tmp, "split.csv.gz", gz.content);

    WithFailures.Result<PCollection<SalesLine>, DeadLetter> r =
        p.apply(Create.of(List.of(csvPath, gzPath)))
            .apply(new ParseSalesFile().withRangeBytes(256).withBlockRecords(3));

    List<String> rows = new ArrayList<>(csv.rows);
    rows.addAll(gz.rows);
    List<String> deadLetters = new ArrayList<>(csv.deadLetters);
    deadLetters.addAll(gz.deadLetters);
    PAssert.that(
            r.output()
                .apply(
                    "Rows",
                    MapElements.into(TypeDescriptors.strings())
                        .via(l -> ParseSalesFile.fileName(l.getSource()) + ":" + l.getLine() + "|" + l.getTransactionId())))
        .containsInAnyOrder(rows);
    PAssert.that(
            r.failures()
                .apply(
                    "Failures",
                    MapElements.into(TypeDescriptors.strings())
                        .via(d -> ParseSalesFile.fileName(d.getSource()) + ":" + d.getLine() + "|" + d.getErrorType() + "|" + d.getErrorField())))
        .containsInAnyOrder(deadLetters);
    p.run().waitUntilFinish();
  }
}
