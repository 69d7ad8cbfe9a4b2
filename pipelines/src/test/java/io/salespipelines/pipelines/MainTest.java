package io.salespipelines.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.salespipelines.pipelines.orders.OrdersAnalyticsJob;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The command line: help, and one clear line with exit code 2 for every mistake in a call. */
@RunWith(JUnit4.class)
public class MainTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String errText() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private void assertOneLineError(String expected) {
    String text = errText().trim();
    assertThat(text, containsString(expected));
    assertThat("one line: " + text, text.lines().count(), equalTo(1L));
    assertThat(text, not(containsString("Exception")));
  }

  @Test
  public void helpListsEachJobsOptionsWithDefaults() {
    assertThat(run("sales-marts", "--help"), equalTo(0));
    String help = out.toString(StandardCharsets.UTF_8);
    assertThat(help, containsString("--input"));
    assertThat(help, containsString("--incentiveRate"));
    assertThat(help, containsString("Default: 0.01"));
    assertThat(run("generate", "--help"), equalTo(0));
    assertThat(out.toString(StandardCharsets.UTF_8), containsString("--badRate"));
  }

  @Test
  public void theLaunchersListOfPipelineJobsIsTheJobsThatRunOne() {
    List<String> running = Main.jobs().stream().filter(Job::runsPipeline).map(Job::name).collect(Collectors.toList());
    assertThat(Main.PIPELINE_JOBS, equalTo(running));
  }

  @Test
  public void unknownJob() {
    assertThat(run("sales-mart"), equalTo(2));
    assertOneLineError("unknown job 'sales-mart'; jobs: generate, sales-marts");
  }

  @Test
  public void anOptionWhereTheJobBelongsIsNotEchoed() {
    assertThat(run("--jdbcUrl=jdbc:postgresql://h/db?password=S3cr3tXYZ"), equalTo(2));
    assertOneLineError("the first argument must be the job's name");
    assertThat(errText(), not(containsString("S3cr3tXYZ")));
  }

  /** "" resolved to the working directory or "/": a run wrote its tables into "/" and read "/". */
  @Test
  public void anEmptyOutputOrInputIsRefused() throws Exception {
    assertThat(run("orders-analytics", "--input=" + tmp.getRoot(), "--output="), equalTo(2));
    assertOneLineError("--output must name a folder or an s3:// prefix; it is empty");
    err.reset();
    assertThat(run("orders-analytics", "--input= ", "--output=" + tmp.getRoot() + "/out"), equalTo(2));
    assertOneLineError("--input must name a folder or an s3:// prefix; it is empty");
    err.reset();
    assertThat(run("orders-cdc", "--input=" + tmp.getRoot(), "--output=", "--stopAfterIdleSeconds=1"), equalTo(2));
    assertOneLineError("--output must name a folder or an s3:// prefix; it is empty");
  }

  /** The embedded database printed 40 lines of stack trace before the error for an output that is a file. */
  @Test
  public void anOutputThatIsAFileIsOneLine() throws Exception {
    java.nio.file.Path file = tmp.newFile("not-a-folder").toPath();
    assertThat(run("orders-analytics", "--input=" + tmp.getRoot(), "--output=" + file), equalTo(2));
    assertOneLineError("--output is a file, not a folder");
    err.reset();
    assertThat(run("orders-cdc", "--input=" + tmp.getRoot(), "--output=" + file, "--stopAfterIdleSeconds=1"), equalTo(2));
    assertOneLineError("--output is a file, not a folder");
  }

  @Test
  public void dotDotStepsInAPathAreTakenOut() {
    assertThat(io.salespipelines.pipelines.run.Locations.normalized("/data/zz/../out/./marts"), equalTo("/data/out/marts"));
    assertThat(io.salespipelines.pipelines.run.Locations.normalized("s3://bucket/a/../b"), equalTo("s3://bucket/a/../b"));
    assertThat(io.salespipelines.pipelines.run.Locations.normalized("s3a://bucket/in"), equalTo("s3a://bucket/in"));
  }

  /** Beam's messages named neither the option of a wrongly typed value nor a repeated one. */
  @Test
  public void aBadValueOrARepeatedOptionIsNamed() throws Exception {
    String out = tmp.getRoot() + "/gen";
    assertThat(run("generate", "--output=" + out, "--rows=abc"), equalTo(2));
    assertOneLineError("generate: --rows: Cannot deserialize value of type `long` from String \"abc\"");
    err.reset();
    assertThat(run("generate", "--output=" + out, "--rows=1", "--rows=2"), equalTo(2));
    assertOneLineError("generate: --rows is given more than once");
    err.reset();
    // NaN passed a check written as "< 0 || > 1", and the generator failed with exit 1.
    assertThat(run("generate", "--output=" + out, "--badRate=NaN"), equalTo(2));
    assertOneLineError("--badRate must be between 0 and 1");
    err.reset();
    assertThat(run("generate", "--output=" + out, "--stores=0"), equalTo(2));
    assertOneLineError("--stores and --customers at least 1");
  }

  @Test
  public void aKinesisOnlyOptionWithAFolderSourceIsRefused() throws Exception {
    assertThat(run("orders-cdc", "--source=files", "--input=" + tmp.newFolder("watched"),
        "--output=" + tmp.getRoot() + "/cdc-out", "--stopAfterIdleSeconds=1", "--maxRecords=-1"), equalTo(2));
    assertOneLineError("--maxRecords is for --source=kinesis");
  }

  /** --initialPosition has a default: that it was given is told from the options as given. */
  @Test
  public void aKinesisStartPositionWithAFolderSourceIsRefused() throws Exception {
    assertThat(run("orders-cdc", "--input=" + tmp.newFolder("watched2"), "--output=" + tmp.getRoot() + "/cdc-out2",
        "--stopAfterIdleSeconds=1", "--initialPosition=TRIM_HORIZON"), equalTo(2));
    assertOneLineError("--initialPosition is for --source=kinesis");
  }

  /** Option errors quote values; a value's secrets are masked there as everywhere. */
  @Test
  public void optionErrorsDoNotShowSecrets() {
    assertThat(run("sales-marts", "--input=/x", "--output=/y",
        "--jdbcUrl=jdbc:postgresql://h/db?password=S3cr3tXYZa", "--jdbcUrl=jdbc:postgresql://h/db?password=S3cr3tXYZb"),
        equalTo(2));
    assertThat(errText(), not(containsString("S3cr3tXYZ")));
    err.reset();
    assertThat(run("sales-marts", "--input=/x", "--output=/y",
        "--proxyConfiguration={\"endpoint\":\"http://127.0.0.1:1\",\"password\":\"S3cr3tXYZc\""), equalTo(2));
    assertThat(errText().trim().lines().count(), equalTo(1L));
    assertThat(errText(), not(containsString("S3cr3tXYZ")));
  }

  @Test
  public void anIncentiveRateAboveOneIsRefused() throws Exception {
    assertThat(run("sales-marts", "--input=" + tmp.getRoot(), "--output=" + tmp.getRoot() + "/out",
        "--incentiveRate=1e400"), equalTo(2));
    assertOneLineError("--incentiveRate must be a share between 0 and 1");
  }

  @Test
  public void noJob() {
    assertThat(run(), equalTo(2));
    assertThat(errText(), containsString("usage:"));
  }

  @Test
  public void unknownOption() {
    assertThat(run("sales-marts", "--input=/x", "--output=/y", "--colour=blue"), equalTo(2));
    assertOneLineError("unknown option --colour");
  }

  @Test
  public void missingMandatoryOption() {
    assertThat(run("sales-marts", "--output=/y"), equalTo(2));
    assertOneLineError("missing required option --input");
  }

  @Test
  public void inputThatDoesNotExist() throws Exception {
    assertThat(
        run("sales-marts", "--input=" + tmp.getRoot() + "/nope", "--output=" + tmp.getRoot() + "/out"),
        equalTo(2));
    assertOneLineError("--input: folder does not exist");
  }

  @Test
  public void missingDimensionFileStopsBeforeAnythingIsWritten() throws Exception {
    File landing = tmp.newFolder("landing");
    File dims = tmp.newFolder("dimensions");
    Files.writeString(dims.toPath().resolve("stores.csv"), "store_id,store_name,location,manager_name\n");
    File output = new File(tmp.getRoot(), "out");
    assertThat(
        run("sales-marts", "--input=" + landing, "--output=" + output),
        equalTo(2));
    assertOneLineError("customers.csv: the dimension file does not exist");
    assertThat(output.exists(), equalTo(false));
  }

  @Test
  public void badIncentiveRate() throws Exception {
    File landing = tmp.newFolder("landing");
    assertThat(
        run("sales-marts", "--input=" + landing, "--output=" + tmp.getRoot() + "/o", "--incentiveRate=abc"),
        equalTo(2));
    assertOneLineError("--incentiveRate is not a decimal number: abc");
  }

  @Test
  public void aClassConflictIsNamedAsSuch() {
    String message =
        Main.rootMessage(new RuntimeException("wrapped", new NoSuchMethodError("'void a.B.c(boolean, long)'")));
    assertThat(message, containsString("NoSuchMethodError: 'void a.B.c(boolean, long)'"));
    assertThat(message, containsString("another version than the one this jar was built with"));
    assertThat(Main.rootMessage(new RuntimeException("outer", new IllegalStateException("inner"))), equalTo("inner"));
  }

  @Test
  public void productionDefaultsPerRunnerYieldToTheCommandLine() {
    List<String> spark = Arrays.asList(Main.productionDefaults(new String[] {"--runner=SparkRunner"}));
    assertThat(spark, hasItem("--storageLevel=MEMORY_AND_DISK_SER"));
    assertThat(spark, not(hasItem("--enforceImmutability=false")));
    List<String> given =
        Arrays.asList(Main.productionDefaults(new String[] {"--runner=SparkRunner", "--storageLevel=MEMORY_ONLY"}));
    assertThat(given, equalTo(List.of("--runner=SparkRunner", "--storageLevel=MEMORY_ONLY")));
    List<String> direct = Arrays.asList(Main.productionDefaults(new String[] {"--input=x"}));
    assertThat(direct, hasItem("--enforceImmutability=false"));
    assertThat(direct, not(hasItem("--storageLevel=MEMORY_AND_DISK_SER")));
  }

  @Test
  public void salesMartsOnSparkCachesOnDiskUnlessTold() {
    List<String> defaults = new io.salespipelines.pipelines.salesmarts.SalesMartsJob().sparkDefaults();
    assertThat(Arrays.asList(Main.productionDefaults(new String[] {"--runner=SparkRunner"}, defaults)),
        hasItem("--storageLevel=DISK_ONLY"));
    assertThat(
        Arrays.asList(Main.productionDefaults(new String[] {"--runner=SparkRunner", "--storageLevel=MEMORY_ONLY"}, defaults)),
        not(hasItem("--storageLevel=DISK_ONLY")));
    assertThat(Arrays.asList(Main.productionDefaults(new String[] {"--input=x"}, defaults)),
        not(hasItem("--storageLevel=DISK_ONLY")));
  }

  @Test
  public void ordersAnalyticsOnSparkCachesOnDiskAndGroupsOneKeyPerKeyUnlessTold() {
    List<String> ordersDefaults = new OrdersAnalyticsJob().sparkDefaults();
    List<String> spark = Arrays.asList(Main.productionDefaults(new String[] {"--runner=SparkRunner"}, ordersDefaults));
    assertThat(spark, hasItems("--storageLevel=DISK_ONLY", "--shuffleBuckets=0"));
    List<String> given =
        Arrays.asList(
            Main.productionDefaults(new String[] {"--runner=SparkRunner", "--shuffleBuckets=64"}, ordersDefaults));
    assertThat(given, hasItem("--shuffleBuckets=64"));
    assertThat(given, not(hasItem("--shuffleBuckets=0")));
    List<String> direct = Arrays.asList(Main.productionDefaults(new String[] {"--input=x"}, ordersDefaults));
    assertThat(direct, not(hasItem("--shuffleBuckets=0")));
    assertThat(direct, not(hasItem("--storageLevel=DISK_ONLY")));
  }
}
