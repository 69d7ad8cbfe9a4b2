package io.salespipelines.spark;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.empty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipelines.pipelines.Main;
import io.salespipelines.pipelines.SparkJvm;
import io.salespipelines.pipelines.generate.GenerateOptions;
import io.salespipelines.pipelines.generate.SalesDataGenerator;
import io.salespipelines.pipelines.salesmarts.OutputSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The slim jar on a real Spark cluster: a standalone master and one worker, started on 127.0.0.1
 * from Spark's own Maven artifacts (spark-dist), and {@code sales-marts} submitted to it with
 * {@code SparkSubmit} in client mode, as {@code run-configs/emr/spark-submit.sh} does. The worker
 * runs the executors in JVMs of its own, so only the slim jar and the cluster's jars are there. The
 * outputs must equal a Direct run's on the same input: every table row for row, the dead letters,
 * the database rows and the counts.
 */
public class SparkStandaloneClusterIT {
  private static final long ROWS = 20_000;
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static final List<Process> daemons = new ArrayList<>();
  private static Path sparkHome;
  private static Path logs;
  private static Path workDir;
  private static Path direct;
  private static Path cluster;
  private static String submitLog;

  @BeforeClass
  public static void runOnDirectAndOnTheCluster() throws Exception {
    Path root = TMP.getRoot().toPath();
    // Kept after the run (target/), for a look at what the master, worker and driver said.
    logs = Files.createDirectories(Paths.get("target", "spark-cluster-logs"));
    workDir = Files.createDirectories(logs.resolve("worker-" + System.currentTimeMillis()));
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    GenerateOptions generate = new GenerateOptions();
    generate.output = root.resolve("data").toString();
    generate.rows = ROWS;
    generate.badRate = 0.02;
    SalesDataGenerator.generate(generate);
    String input = root.resolve("data/landing").toString();
    direct = root.resolve("outDirect");
    cluster = root.resolve("outCluster");
    runDirect("sales-marts", "--input=" + input, "--output=" + direct);

    sparkHome = sparkHome(root.resolve("spark-home"));
    String master = startMaster();
    startWorker(master);
    submit(master, "sales-marts", "--runner=SparkRunner", "--input=" + input, "--output=" + cluster);
  }

  @AfterClass
  public static void stopCluster() throws InterruptedException {
    for (Process p : daemons) {
      p.destroy();
    }
    for (Process p : daemons) {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  public void tablesDeadLettersAndDatabaseEqualTheDirectRun() throws Exception {
    OutputSnapshot onDirect = OutputSnapshot.of(direct);
    OutputSnapshot onCluster = OutputSnapshot.of(cluster);
    for (String table : OutputSnapshot.TABLES) {
      assertThat(table + " on Direct", onDirect.tables.get(table), not(empty()));
      assertThat(table, onCluster.tables.get(table), equalTo(onDirect.tables.get(table)));
      assertThat(table + "/_SUCCESS", Files.exists(cluster.resolve(table).resolve("_SUCCESS")), equalTo(true));
    }
    assertThat(onDirect.deadLetters.size(), greaterThan((int) (ROWS * 0.015)));
    assertThat("dead letters", onCluster.deadLetters, equalTo(onDirect.deadLetters));
    assertThat("database", onDirect.database.get("customer_monthly_spend"), not(empty()));
    assertThat("database", onCluster.database, equalTo(onDirect.database));
  }

  @Test
  public void runRecordHasTheSameCountsAndNamesTheSparkRunner() throws IOException {
    JsonNode onDirect = runRecord(direct);
    JsonNode onCluster = runRecord(cluster);
    assertThat(onCluster.get("runner").asText(), equalTo("SparkRunner"));
    assertThat(onDirect.get("counts").get("rows_read").asLong(), equalTo(ROWS));
    assertThat(onCluster.get("counts"), equalTo(onDirect.get("counts")));
  }

  @Test
  public void theWorkRanInExecutorsOnTheWorker() throws IOException {
    // The worker gives each application a folder with one folder per executor (its stdout/stderr).
    List<Path> executorLogs;
    try (Stream<Path> walk = Files.walk(workDir)) {
      executorLogs = walk.filter(p -> p.getFileName().toString().equals("stderr")).collect(Collectors.toList());
    }
    assertThat("executor logs under " + workDir, executorLogs, not(empty()));
    String executorLog = Files.readString(executorLogs.get(0));
    assertThat("an executor ran tasks: " + tail(executorLog), executorLog.contains("Running task"), equalTo(true));
  }

  private static void runDirect(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat("Direct run: " + err.toString(StandardCharsets.UTF_8), exit, equalTo(0));
  }

  /** A SPARK_HOME as a Spark distribution lays it out: jars/ and RELEASE (the worker looks for both). */
  private static Path sparkHome(Path home) throws IOException {
    Path jars = Paths.get(System.getProperty("spark.dist.jars", "../spark-dist/target/spark-home/jars"));
    assertThat("Spark's jars (spark-dist, built at package): " + jars, Files.isDirectory(jars), equalTo(true));
    Files.createDirectories(home);
    Files.createSymbolicLink(home.resolve("jars"), jars.toAbsolutePath());
    Files.writeString(home.resolve("RELEASE"), "Spark 3.5.1 (Maven Central jars, for tests)\n");
    return home;
  }

  private static String startMaster() throws Exception {
    Path log = logs.resolve("master.log");
    start(log, "org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", "0", "--webui-port", "0");
    Matcher started = await(log, Pattern.compile("Starting Spark master at (spark://\\S+)"));
    return started.group(1);
  }

  private static void startWorker(String master) throws Exception {
    Path log = logs.resolve("worker.log");
    start(log, "org.apache.spark.deploy.worker.Worker",
        "--host", "127.0.0.1", "--port", "0", "--webui-port", "0", "--cores", "2", "--memory", "2g",
        "--work-dir", workDir.toString(), master);
    await(log, Pattern.compile("Successfully registered with master"));
  }

  private static void start(Path log, String mainClass, String... args) throws IOException {
    List<String> command = java("-Xmx512m");
    command.add(mainClass);
    command.addAll(List.of(args));
    daemons.add(process(command, log).start());
  }

  /** The job in client mode: the driver in the SparkSubmit JVM, the executors on the worker. */
  private static void submit(String master, String... jobArgs) throws Exception {
    String opens = String.join(" ", SparkJvm.jvmFlags());
    List<String> command = java("-Xmx1g");
    command.addAll(List.of(
        "org.apache.spark.deploy.SparkSubmit",
        "--master", master,
        "--deploy-mode", "client",
        "--class", Main.class.getName(),
        "--conf", "spark.executor.extraJavaOptions=" + opens,
        "--conf", "spark.executor.memory=1g",
        "--conf", "spark.serializer=org.apache.spark.serializer.KryoSerializer",
        "--conf", "spark.ui.enabled=false",
        System.getProperty("slim.jar", "target/sales-pipelines-spark.jar")));
    command.addAll(List.of(jobArgs));
    Path log = logs.resolve("submit.log");
    Process submit = process(command, log).start();
    boolean done = submit.waitFor(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (!done) {
      submit.destroyForcibly();
    }
    submitLog = Files.readString(log);
    assertThat("spark-submit finished within " + JOB_TIMEOUT + "; log: " + tail(submitLog), done, equalTo(true));
    assertThat("spark-submit exit code; log: " + tail(submitLog) + "\nworker: " + tail(Files.readString(logs.resolve("worker.log"))),
        submit.exitValue(), equalTo(0));
  }

  /** This JVM's java with Spark's Java 17 flags and SPARK_HOME's jars as the class path. */
  private static List<String> java(String heap) {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add(heap);
    command.addAll(SparkJvm.jvmFlags());
    command.add("-cp");
    command.add(sparkHome.resolve("jars") + File.separator + "*");
    return command;
  }

  private static ProcessBuilder process(List<String> command, Path log) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_HOME", sparkHome.toString());
    // Set by a distribution's bin/load-spark-env.sh; without it the worker's executor command builder
    // looks for a source build ("Cannot find any build directories").
    pb.environment().put("SPARK_SCALA_VERSION", "2.12");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("SPARK_CONF_DIR");
    return pb;
  }

  private static Matcher await(Path log, Pattern line) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String text = Files.exists(log) ? Files.readString(log) : "";
      Matcher m = line.matcher(text);
      if (m.find()) {
        return m;
      }
      for (Process p : daemons) {
        if (!p.isAlive()) {
          throw new AssertionError(log.getFileName() + ": a Spark daemon exited: " + tail(text));
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no '" + line + "' in " + log.getFileName() + " within " + START_TIMEOUT + ": "
        + tail(Files.readString(log)));
  }

  private static JsonNode runRecord(Path output) throws IOException {
    File[] records = output.resolve("_runs").toFile().listFiles((d, n) -> n.endsWith(".json"));
    assertThat("one run record in " + output, records != null && records.length == 1, equalTo(true));
    return JSON.readTree(records[0]);
  }

  private static String tail(String log) {
    return log.length() <= 4000 ? log : "..." + log.substring(log.length() - 4000);
  }
}
