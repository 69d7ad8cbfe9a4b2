package io.salespipelines.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assume.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipelines.pipelines.generate.GenerateOptions;
import io.salespipelines.pipelines.generate.SalesDataGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code sales-marts} and {@code generate} against a real S3-compatible server: s3proxy, embedded on
 * 127.0.0.1 with an in-memory blob store. Generated inputs are uploaded with the AWS SDK; the job
 * runs with {@code s3://} input, dimensions and output on the Direct runner; its tables must equal
 * those of a local run of the same input, and so must those of a mixed run (local input, S3
 * output). The errors a user meets (missing bucket, rejected or missing credentials, no region, an
 * endpoint nobody answers at) must each be one line with exit code 2, before anything is written.
 */
public class S3EndToEndTest {
  static {
    // Nothing here may ask the EC2 metadata service (a link-local address) for credentials or region.
    System.setProperty("aws.disableEc2Metadata", "true");
  }

  private static final String ACCESS_KEY = "s3e2e-access";
  private static final String SECRET_KEY = "s3e2e-Secret-7QpZ2wVx9Lm4";
  private static final String BUCKET = "sales";
  private static final long ROWS = 20_000;
  private static final long SEED = 7L;
  private static final List<String> PARQUET_TABLES =
      List.of(
          "store_product_sales", "customer_mart", "sales_team_mart", "customer_monthly_spend",
          "sales_team_incentive");
  private static final List<String> ALL_TABLES =
      Stream.concat(PARQUET_TABLES.stream(), Stream.of("dead_letter")).collect(Collectors.toList());
  private static final ObjectMapper JSON = new ObjectMapper();

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static BlobStoreContext blobStore;
  private static S3Proxy proxy;
  private static String endpoint;
  private static S3Client s3;
  private static Path data;
  private static Path localOut;
  private static Run s3Run;
  private static Run localRun;
  private static Run mixedRun;
  private static Run sparkRun;
  private static Path s3OutCopy;
  private static Path mixedOutCopy;
  private static Path sparkOutCopy;

  /** Exit code and printed text of one {@link Main#run} call. */
  static final class Run {
    int exit;
    String out;
    String err;
    long millis;

    String all() {
      return out + err;
    }

    @Override
    public String toString() {
      return "exit " + exit + " in " + millis + " ms; stdout: " + out + " stderr: " + err;
    }
  }

  @BeforeClass
  public static void startS3GenerateUploadAndRun() throws Exception {
    long t0 = System.nanoTime();
    blobStore =
        ContextBuilder.newBuilder("transient")
            .credentials("identity", "credential")
            .build(BlobStoreContext.class);
    proxy =
        S3Proxy.builder()
            .blobStore(blobStore.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .ignoreUnknownHeaders(true) // s3proxy.ignore-unknown-headers=true
            .build();
    proxy.start();
    for (int i = 0; i < 1000 && !"STARTED".equals(proxy.getState()); i++) {
      Thread.sleep(10);
    }
    endpoint = "http://127.0.0.1:" + proxy.getPort();
    s3 =
        S3Client.builder()
            .endpointOverride(URI.create(endpoint))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .forcePathStyle(true)
            .build();
    s3.createBucket(b -> b.bucket(BUCKET));

    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    data = TMP.newFolder("data").toPath();
    generate(data, ROWS);
    upload(data.resolve("landing"), "in/landing/");
    upload(data.resolve("dimensions"), "in/dimensions/");
    long t1 = System.nanoTime();

    s3Run =
        main(
            s3Args(
                "sales-marts", "--input=s3://" + BUCKET + "/in/landing",
                "--dimensions=s3://" + BUCKET + "/in/dimensions", "--output=s3://" + BUCKET + "/out",
                "--runId=s3run"));
    localOut = TMP.getRoot().toPath().resolve("local-out");
    localRun =
        main(
            "sales-marts", "--input=" + data.resolve("landing"), "--output=" + localOut,
            "--runId=localrun", "--jdbcUrl=none");
    mixedRun =
        main(
            s3Args(
                "sales-marts", "--input=" + data.resolve("landing"),
                "--output=s3://" + BUCKET + "/mixed", "--runId=mixedrun"));
    // The same S3 run on the Spark runner (local[2]); its web UI would only take a port.
    String previousUi = System.setProperty("spark.ui.enabled", "false");
    try {
      sparkRun =
          main(
              s3Args(
                  "sales-marts", "--input=s3://" + BUCKET + "/in/landing",
                  "--dimensions=s3://" + BUCKET + "/in/dimensions",
                  "--output=s3://" + BUCKET + "/spark", "--runId=sparkrun", "--runner=SparkRunner",
                  "--sparkMaster=local[2]"));
    } finally {
      if (previousUi == null) {
        System.clearProperty("spark.ui.enabled");
      } else {
        System.setProperty("spark.ui.enabled", previousUi);
      }
    }
    s3OutCopy = download("out/", TMP.newFolder("s3-out").toPath());
    mixedOutCopy = download("mixed/", TMP.newFolder("mixed-out").toPath());
    sparkOutCopy = download("spark/", TMP.newFolder("spark-out").toPath());
    System.out.printf(
        "s3proxy + generate + upload %d ms%ns3 run: %s%nlocal run: %s%nmixed run: %s%nspark run: %s%n",
        (t1 - t0) / 1_000_000, s3Run, localRun, mixedRun, sparkRun);
  }

  @AfterClass
  public static void stopS3() throws Exception {
    if (s3 != null) {
      s3.close();
    }
    if (proxy != null) {
      proxy.stop();
    }
    if (blobStore != null) {
      blobStore.close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Runs with s3:// locations

  @Test
  public void s3RunSucceedsWithTheLocalRunsCounts() {
    assertThat(s3Run.toString(), s3Run.exit, equalTo(0));
    assertThat(localRun.toString(), localRun.exit, equalTo(0));
    assertThat(summary(s3Run.out), startsWith("sales-marts run s3run: "));
    assertThat(
        "same summary as the local run",
        summary(s3Run.out).replace("s3run", "RUN"),
        equalTo(summary(localRun.out).replace("localrun", "RUN")));
  }

  /** The run's summary: its last line (progress lines and the report's location come before it). */
  private static String summary(String out) {
    String[] lines = out.strip().split("\n");
    return lines[lines.length - 1];
  }

  @Test
  public void catalogAndReportAreWrittenToS3() throws IOException {
    assertThat(s3Run.toString(), s3Run.exit, equalTo(0));
    List<String> keys = keys("out/");
    assertThat(keys, hasItem("out/_catalog/102_table_sales_team_mart.sql"));
    assertThat(
        new String(object("out/_catalog/102_table_sales_team_mart.sql"), StandardCharsets.UTF_8),
        containsString("LOCATION 's3://" + BUCKET + "/out/sales_team_mart/'"));
    assertThat(s3Run.out, containsString("sales-marts: report s3://" + BUCKET + "/out/_report/index.html"));
    // The report read the tables back from S3: the same figures as the local run's.
    String onS3 = new String(object("out/_report/index.html"), StandardCharsets.UTF_8);
    String local = Files.readString(localOut.resolve("_report/index.html"));
    for (String figure : List.of("Total sales", "Transactions", "Incentives paid", "Rows read")) {
      assertThat(figure, figure(onS3, figure), equalTo(figure(local, figure)));
    }
  }

  private static String figure(String html, String label) {
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile(java.util.regex.Pattern.quote(label + "</span><span class=\"value\">") + "([^<]+)<")
        .matcher(html);
    assertThat(label + " on the page", m.find(), equalTo(true));
    return m.group(1);
  }

  @Test
  public void s3TablesEqualTheLocalRun() throws IOException {
    assertThat(s3Run.toString(), s3Run.exit, equalTo(0));
    for (String table : PARQUET_TABLES) {
      List<String> local = parquetRows(localOut.resolve(table));
      assertThat(table + " has rows", local.size(), greaterThan(0));
      assertThat(table, parquetRows(s3OutCopy.resolve(table)), equalTo(local));
    }
  }

  @Test
  public void mixedRunLocalInputS3OutputEqualsTheLocalRun() throws IOException {
    assertThat(mixedRun.toString(), mixedRun.exit, equalTo(0));
    for (String table : PARQUET_TABLES) {
      assertThat(
          table, parquetRows(mixedOutCopy.resolve(table)), equalTo(parquetRows(localOut.resolve(table))));
    }
    assertThat(
        deadLetters(mixedOutCopy, data.resolve("landing").toString() + "/"),
        equalTo(deadLetters(localOut, data.resolve("landing").toString() + "/")));
  }

  @Test
  public void sparkRunnerOnS3EqualsTheLocalRun() throws IOException {
    assertThat(sparkRun.toString(), sparkRun.exit, equalTo(0));
    for (String table : PARQUET_TABLES) {
      assertThat(
          table, parquetRows(sparkOutCopy.resolve(table)), equalTo(parquetRows(localOut.resolve(table))));
    }
    assertThat(
        deadLetters(sparkOutCopy, "s3://" + BUCKET + "/in/landing/"),
        equalTo(deadLetters(localOut, data.resolve("landing").toString() + "/")));
    List<String> keys = keys("spark/");
    for (String table : ALL_TABLES) {
      assertThat(keys, hasItem("spark/" + table + "/_SUCCESS"));
    }
    JsonNode record = JSON.readTree(object("spark/_runs/sparkrun.json"));
    assertThat(record.get("runner").asText(), equalTo("SparkRunner"));
    assertThat(sparkRun.all(), not(containsString(SECRET_KEY)));
    assertThat(new String(object("spark/_runs/sparkrun.json"), StandardCharsets.UTF_8),
        not(containsString(SECRET_KEY)));
  }

  @Test
  public void deadLettersEqualModuloRunIdAndSourcePrefix() throws IOException {
    assertThat(s3Run.toString(), s3Run.exit, equalTo(0));
    List<String> local = deadLetters(localOut, data.resolve("landing").toString() + "/");
    assertThat(local.size(), greaterThan(0));
    assertThat(deadLetters(s3OutCopy, "s3://" + BUCKET + "/in/landing/"), equalTo(local));
  }

  @Test
  public void successMarkersAndRunRecordAreOnS3AndStagingIsGone() throws IOException {
    assertThat(s3Run.toString(), s3Run.exit, equalTo(0));
    List<String> keys = keys("out/");
    for (String table : ALL_TABLES) {
      assertThat(keys, hasItem("out/" + table + "/_SUCCESS"));
    }
    assertThat(keys, hasItem("out/_runs/s3run.json"));
    assertThat(
        "no staging or probe objects left: " + keys,
        keys.stream().filter(k -> k.startsWith("out/_tmp/") || k.contains(".s3-preflight-"))
            .collect(Collectors.toList()),
        is(empty()));
    assertThat(keys("mixed/"), hasItem("mixed/_runs/mixedrun.json"));

    JsonNode record = JSON.readTree(object("out/_runs/s3run.json"));
    assertThat(record.get("run_id").asText(), equalTo("s3run"));
    assertThat(record.get("options").get("awsCredentialsProvider").asText(), equalTo("****"));
    JsonNode inputs = record.get("input_files");
    assertThat(inputs.size(), greaterThan(0));
    for (JsonNode f : inputs) {
      assertThat(f.get("path").asText(), startsWith("s3://" + BUCKET + "/in/landing/"));
      assertThat(f.get("path").asText(), not(containsString("/processed/")));
    }
    JsonNode localRecord = JSON.readTree(localOut.resolve("_runs/localrun.json").toFile());
    assertThat(record.get("counts"), equalTo(localRecord.get("counts")));
    assertThat(inputs.size(), equalTo(localRecord.get("input_files").size()));
  }

  @Test
  public void theSecretKeyIsNeverWrittenOrPrinted() throws IOException {
    for (Run run : List.of(s3Run, mixedRun, sparkRun)) {
      assertThat(run.all(), not(containsString(SECRET_KEY)));
    }
    for (String key : keys("")) {
      if (key.contains("/_runs/")) {
        assertThat(key, new String(object(key), StandardCharsets.UTF_8), not(containsString(SECRET_KEY)));
      }
    }
  }

  @Test
  public void generatorWritesToS3AsItWritesLocally() throws IOException {
    // A localhost endpoint needs path-style addressing (bucket.localhost does not resolve).
    Run run =
        main(
            "generate", "--output=s3://" + BUCKET + "/gen", "--rows=3000", "--seed=11",
            "--awsRegion=us-east-1", "--endpoint=http://localhost:" + proxy.getPort(),
            "--s3PathStyleAccess=true", credentials(ACCESS_KEY, SECRET_KEY));
    assertThat(run.toString(), run.exit, equalTo(0));
    Path local = TMP.newFolder("gen-local").toPath();
    GenerateOptions options = new GenerateOptions();
    options.output = local.toString();
    options.rows = 3000;
    options.seed = 11;
    SalesDataGenerator.generate(options);
    Map<String, byte[]> expected = new TreeMap<>();
    try (Stream<Path> files = Files.walk(local)) {
      for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        expected.put("gen/" + local.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
      }
    }
    assertThat(keys("gen/"), equalTo(new ArrayList<>(expected.keySet())));
    for (Map.Entry<String, byte[]> e : expected.entrySet()) {
      assertThat(e.getKey(), Arrays.equals(object(e.getKey()), e.getValue()), is(true));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Errors: one line, exit code 2, nothing written

  @Test
  public void ledgerOnS3SkipsProcessedFilesOnTheNextRun() {
    String[] args =
        s3Args(
            "sales-marts", "--input=s3://" + BUCKET + "/in/landing",
            "--dimensions=s3://" + BUCKET + "/in/dimensions", "--output=s3://" + BUCKET + "/again");
    Run first = main(args);
    assertThat(first.toString(), first.exit, equalTo(0));
    Run second = main(args);
    assertThat(second.toString(), second.exit, equalTo(0));
    assertThat(second.out, containsString(": 0 rows read"));
    assertThat(keys("again/_state/ledger/").size(), equalTo(2));
    assertThat(keys("again/_runs/").size(), equalTo(2));
  }

  /**
   * Compaction on S3: three runs over a landing prefix that grows by a file each time, the third
   * rewriting the small files of the first two (listed, read and removed through the S3 file
   * system): the tables equal one local run over every file, with the old files gone.
   */
  @Test
  public void compactionOnS3KeepsEveryRowOnce() throws IOException {
    List<Path> sales;
    try (Stream<Path> files = Files.list(data.resolve("landing"))) {
      sales = files.filter(f -> f.getFileName().toString().startsWith("sales_")).sorted().collect(Collectors.toList());
    }
    assertThat(sales.size(), greaterThan(2));
    Path stage = TMP.newFolder("compact-landing-0").toPath();
    try (Stream<Path> files = Files.list(data.resolve("landing"))) {
      for (Path f : files.filter(f -> !sales.contains(f) && Files.isRegularFile(f)).collect(Collectors.toList())) {
        Files.copy(f, stage.resolve(f.getFileName()));
      }
    }
    String[] args = s3Args("sales-marts", "--input=s3://" + BUCKET + "/compact-in/landing",
        "--dimensions=s3://" + BUCKET + "/in/dimensions", "--output=s3://" + BUCKET + "/compacted",
        "--compactAfterRuns=2");
    List<List<Path>> batches = List.of(sales.subList(0, 1), sales.subList(1, 2), sales.subList(2, sales.size()));
    for (List<Path> batch : batches) {
      // Only the new files: an object uploaded again is a new file to the ledger (its time changes).
      for (Path f : batch) {
        Files.copy(f, stage.resolve(f.getFileName()));
      }
      upload(stage, "compact-in/landing/");
      stage = TMP.newFolder("compact-landing-after-" + batch.get(0).getFileName()).toPath();
      Run run = main(args);
      assertThat(run.toString(), run.exit, equalTo(0));
    }
    List<String> keys = keys("compacted/");
    assertThat(keys.stream().filter(k -> k.startsWith("compacted/customer_mart/") && k.endsWith("-compacted.parquet")).count(),
        equalTo(1L));
    assertThat(keys.stream().anyMatch(k -> k.startsWith("compacted/_tmp/")), equalTo(false));
    Path copy = download("compacted/", TMP.newFolder("compacted-out").toPath());
    for (String table : PARQUET_TABLES) {
      assertThat(table, parquetRows(copy.resolve(table)), equalTo(parquetRows(localOut.resolve(table))));
    }
  }

  @Test
  public void archiveMovesFilesOnS3AfterTheCommit() throws IOException {
    upload(data.resolve("landing"), "archive-in/landing/");
    Run run =
        main(
            s3Args(
                "sales-marts", "--input=s3://" + BUCKET + "/archive-in/landing",
                "--dimensions=s3://" + BUCKET + "/in/dimensions",
                "--output=s3://" + BUCKET + "/archive-out", "--runId=archived", "--archive"));
    assertThat(run.toString(), run.exit, equalTo(0));
    List<String> left = keys("archive-in/landing/");
    assertThat(left, hasItem("archive-in/landing/processed/archived/sales_0001.csv"));
    assertThat(left, hasItem("archive-in/landing/error_files/wrong_file_type/notes.txt"));
    assertThat(left, hasItem("archive-in/landing/error_files/bad_schema/no_store_id.csv"));
    for (String key : left) {
      String name = key.substring("archive-in/landing/".length());
      assertThat(
          key,
          name.contains("/") || name.startsWith("_") || name.startsWith("."),
          equalTo(true));
    }
  }

  @Test
  public void missingInputBucket() {
    Path out = TMP.getRoot().toPath().resolve("never-written-1");
    Run run =
        main(s3Args("sales-marts", "--input=s3://no-such-bucket/landing", "--output=" + out));
    assertOneLineUsageError(run, "sales-marts: --input: bucket 'no-such-bucket' does not exist");
    assertThat(Files.exists(out), is(false));
  }

  @Test
  public void missingOutputBucket() {
    Run run =
        main(
            s3Args(
                "sales-marts", "--input=" + data.resolve("landing"),
                "--output=s3://no-such-bucket/out"));
    assertOneLineUsageError(run, "sales-marts: --output: bucket 'no-such-bucket' does not exist");
  }

  @Test
  public void missingDimensionFileOnS3() {
    Run run =
        main(
            s3Args(
                "sales-marts", "--input=s3://" + BUCKET + "/in/landing",
                "--dimensions=s3://" + BUCKET + "/in/landing", "--output=s3://" + BUCKET + "/never"));
    assertOneLineUsageError(
        run, "s3://" + BUCKET + "/in/landing/stores.csv: the dimension file does not exist");
    assertThat(keys("never/"), is(empty()));
  }

  @Test
  public void inputPrefixWithNothingInIt() {
    Run run =
        main(
            s3Args(
                "sales-marts", "--input=s3://" + BUCKET + "/no/such/prefix",
                "--dimensions=s3://" + BUCKET + "/in/dimensions", "--output=s3://" + BUCKET + "/never"));
    assertOneLineUsageError(run, "--input: nothing found under s3://" + BUCKET + "/no/such/prefix");
  }

  @Test
  public void wrongSecretKey() {
    String wrong = "wrong-Secret-Key-0000";
    Run run =
        main(
            "sales-marts", "--input=s3://" + BUCKET + "/in/landing",
            "--dimensions=s3://" + BUCKET + "/in/dimensions", "--output=s3://" + BUCKET + "/never",
            "--awsRegion=us-east-1", "--endpoint=" + endpoint, credentials(ACCESS_KEY, wrong));
    assertOneLineUsageError(run, "sales-marts: --input: S3 rejected the AWS credentials (");
    assertThat(run.all(), not(containsString(wrong)));
    assertThat(keys("never/"), is(empty()));
  }

  @Test
  public void unknownAccessKeyOnTheOutput() {
    Path out = TMP.getRoot().toPath().resolve("never-written-2");
    Run run =
        main(
            "sales-marts", "--input=" + data.resolve("landing"), "--output=s3://" + BUCKET + "/never",
            "--awsRegion=us-east-1", "--endpoint=" + endpoint,
            credentials("nobody", "nobodys-Secret-1111"));
    assertOneLineUsageError(run, "sales-marts: --output: S3 rejected the AWS credentials (");
    assertThat(run.all(), not(containsString("nobodys-Secret-1111")));
    assertThat(keys("never/"), is(empty()));
    assertThat(Files.exists(out), is(false));
  }

  @Test
  public void endpointWithNothingListening() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path out = TMP.getRoot().toPath().resolve("never-written-3");
    Run run =
        main(
            "sales-marts", "--input=s3://" + BUCKET + "/in/landing", "--output=" + out,
            "--awsRegion=us-east-1", "--endpoint=http://127.0.0.1:" + port,
            credentials(ACCESS_KEY, SECRET_KEY));
    assertOneLineUsageError(run, "sales-marts: cannot reach the S3 endpoint http://127.0.0.1:" + port);
    assertThat(run.err, containsString("refused"));
    assertThat(Files.exists(out), is(false));
  }

  @Test
  public void noCredentialsAnywhere() {
    assumeTrue("no AWS credentials in the environment", noAwsEnvironment("AWS_ACCESS_KEY_ID", "AWS_PROFILE",
        "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI") && System.getProperty("aws.accessKeyId") == null
        && !Files.exists(Paths.get(System.getProperty("user.home"), ".aws")));
    Run run =
        main(
            "sales-marts", "--input=s3://" + BUCKET + "/in/landing", "--output=s3://" + BUCKET + "/never",
            "--awsRegion=us-east-1", "--endpoint=" + endpoint);
    assertOneLineUsageError(run, "sales-marts: no AWS credentials found");
  }

  @Test
  public void noRegionAnywhere() {
    assumeTrue("no AWS region in the environment", noAwsEnvironment("AWS_REGION", "AWS_DEFAULT_REGION")
        && System.getProperty("aws.region") == null
        && !Files.exists(Paths.get(System.getProperty("user.home"), ".aws")));
    Run run =
        main(
            "sales-marts", "--input=s3://" + BUCKET + "/in/landing", "--output=s3://" + BUCKET + "/never",
            "--endpoint=" + endpoint, credentials(ACCESS_KEY, SECRET_KEY));
    assertOneLineUsageError(run, "sales-marts: no AWS region for the s3:// locations: set --awsRegion");
  }

  @Test
  public void credentialsThatDoNotParseAreNotEchoed() {
    Run run =
        main(
            "sales-marts", "--input=s3://" + BUCKET + "/in/landing", "--output=s3://" + BUCKET + "/never",
            "--awsRegion=us-east-1", "--endpoint=" + endpoint,
            credentials(ACCESS_KEY, SECRET_KEY).replace("}", ""));
    assertOneLineUsageError(run, "<value of --awsCredentialsProvider not shown>");
  }

  @Test
  public void hadoopSchemeIsNamed() {
    Run run = main("sales-marts", "--input=s3a://" + BUCKET + "/in/landing", "--output=/tmp/x");
    assertOneLineUsageError(run, "s3a:// is a Hadoop scheme; write s3:// instead");
  }

  // ---------------------------------------------------------------------------------------------

  private static void assertOneLineUsageError(Run run, String expected) {
    String text = run.err.trim();
    assertThat(run.toString(), run.exit, equalTo(2));
    assertThat(text, containsString(expected));
    assertThat("one line: " + text, text.lines().count(), equalTo(1L));
    assertThat(text, not(containsString("Exception")));
    assertThat(text, not(containsString(SECRET_KEY)));
  }

  private static boolean noAwsEnvironment(String... names) {
    for (String name : names) {
      if (System.getenv(name) != null) {
        return false;
      }
    }
    return true;
  }

  private static String credentials(String accessKey, String secretKey) {
    return "--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\""
        + accessKey + "\",\"secretAccessKey\":\"" + secretKey + "\"}";
  }

  private static String[] s3Args(String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.add("--awsRegion=us-east-1");
    all.add("--endpoint=" + endpoint);
    // 5 MiB multipart buffers (Beam's default is 64 MiB per open file; a run writes ~300 files).
    all.add("--s3UploadBufferSizeBytes=5242880");
    all.add(credentials(ACCESS_KEY, SECRET_KEY));
    return all.toArray(new String[0]);
  }

  private static Run main(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long t0 = System.nanoTime();
    Run run = new Run();
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      run.exit = Main.run(args, o, e);
    }
    run.millis = (System.nanoTime() - t0) / 1_000_000;
    run.out = out.toString(StandardCharsets.UTF_8);
    run.err = err.toString(StandardCharsets.UTF_8);
    return run;
  }

  private static void generate(Path folder, long rows) throws IOException {
    GenerateOptions options = new GenerateOptions();
    options.output = folder.toString();
    options.rows = rows;
    options.seed = SEED;
    SalesDataGenerator.generate(options);
  }

  /** Every file below {@code folder} (sub-folders and hidden names too) to {@code prefix}. */
  private static void upload(Path folder, String prefix) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        String key = prefix + folder.relativize(f).toString().replace('\\', '/');
        s3.putObject(PutObjectRequest.builder().bucket(BUCKET).key(key).build(), RequestBody.fromFile(f));
      }
    }
  }

  private static List<String> keys(String prefix) {
    List<String> keys = new ArrayList<>();
    for (S3Object o :
        s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(BUCKET).prefix(prefix).build())
            .contents()) {
      keys.add(o.key());
    }
    Collections.sort(keys);
    return keys;
  }

  private static byte[] object(String key) {
    return s3.getObject(
            GetObjectRequest.builder().bucket(BUCKET).key(key).build(), ResponseTransformer.toBytes())
        .asByteArray();
  }

  /** Copies every object under {@code prefix} into {@code target}, keeping the key's layout. */
  private static Path download(String prefix, Path target) throws IOException {
    for (String key : keys(prefix)) {
      Path file = target.resolve(key.substring(prefix.length()));
      Files.createDirectories(file.getParent());
      Files.write(file, object(key));
    }
    return target;
  }

  /** Sorted rows of a Parquet table folder, each prefixed by its partition folders. */
  private static List<String> parquetRows(Path table) throws IOException {
    List<String> rows = new ArrayList<>();
    Configuration conf = new Configuration();
    for (Path file : dataFiles(table, ".parquet")) {
      Path parent = table.relativize(file).getParent();
      String partition = parent == null ? "" : parent.toString().replace('\\', '/') + " ";
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(
                  HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toString()), conf))
              .withDataModel(GenericData.get())
              .build()) {
        GenericRecord record;
        while ((record = reader.read()) != null) {
          rows.add(partition + record);
        }
      }
    }
    Collections.sort(rows);
    return rows;
  }

  /** Sorted dead-letter lines with run_id blanked and the landing prefix of {@code source} cut. */
  private static List<String> deadLetters(Path output, String landingPrefix) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Path file : dataFiles(output.resolve("dead_letter"), ".jsonl")) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        ObjectNode node = (ObjectNode) JSON.readTree(line);
        node.put("run_id", "");
        assertThat(node.get("source").asText(), startsWith(landingPrefix));
        // The source, and messages that name a file (duplicate: "already accepted from <path>").
        lines.add(node.toString().replace(landingPrefix, "<landing>/"));
      }
    }
    Collections.sort(lines);
    return lines;
  }

  private static List<Path> dataFiles(Path folder, String suffix) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().endsWith(suffix))
          .filter(
              f -> {
                for (Path part : folder.relativize(f)) {
                  if (part.toString().startsWith("_") || part.toString().startsWith(".")) {
                    return false;
                  }
                }
                return true;
              })
          .sorted()
          .collect(Collectors.toList());
    }
  }
}
