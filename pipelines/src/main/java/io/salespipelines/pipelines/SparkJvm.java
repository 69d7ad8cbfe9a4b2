package io.salespipelines.pipelines;

import io.salespipelines.pipelines.run.LightJvm;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.slf4j.LoggerFactory;

/**
 * What {@code --runner=SparkRunner} needs from the JVM and the network, applied by the jar itself so
 * that users need no extra flags.
 *
 * <p><b>Java 17 flags.</b> Spark 3.5 needs {@code --add-opens} for some {@code java.base} packages.
 * The jar's manifest lists them as {@code Add-Opens}, which {@code java -jar} honours. When the jar
 * is started another way ({@code java -cp ...}) without them, {@link #relaunchIfNeeded} re-executes
 * the same java binary with them, the same JVM options, class path and arguments, inheriting
 * stdin/stdout/stderr, and returns the child's exit code.
 *
 * <p>The same relaunch gives a pipeline job started from the jar with no heap option the {@link
 * DefaultHeap default heap}, and a pipeline job its {@link ClassDataArchive class-data archive} and
 * its {@link OutOfMemoryExit end at the first OutOfMemoryError}.
 *
 * <p><b>Network.</b> On a local master (or a {@code spark://} master on a loopback address) Spark
 * binds to 127.0.0.1 unless told otherwise: {@code SPARK_LOCAL_IP} in the environment, or the
 * {@code spark.driver.host} / {@code spark.driver.bindAddress} system properties. Spark's web UI can
 * only be moved off 0.0.0.0 by {@code SPARK_LOCAL_IP}, so with these defaults it is off unless
 * {@code -Dspark.ui.enabled=true} is given.
 */
public final class SparkJvm {
  // No static logger: the launching JVM uses this class before (and often without) logging, whose
  // start costs about half a second.

  /** java.base packages Spark 3.5 needs open (Spark's own launcher list); = spark.addOpens in the pom. */
  public static final List<String> OPENED_PACKAGES =
      List.of(
          "java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio",
          "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref",
          "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar");

  /** Set in a relaunched JVM, so that it never relaunches again. */
  static final String RELAUNCHED = "salespipelines.relaunched";

  static final String LOOPBACK = "127.0.0.1";

  private SparkJvm() {}

  /** The JVM options that open {@link #OPENED_PACKAGES}. */
  public static List<String> jvmFlags() {
    List<String> flags = new ArrayList<>();
    flags.add("-XX:+IgnoreUnrecognizedVMOptions");
    for (String p : OPENED_PACKAGES) {
      flags.add("--add-opens=java.base/" + p + "=ALL-UNNAMED");
    }
    return flags;
  }

  /** True if this JVM lacks the flags (tested on the package whose absence breaks Spark first). */
  static boolean opensMissing() {
    return !Object.class.getModule().isOpen("sun.nio.ch", SparkJvm.class.getModule());
  }

  /** True if the command line asks for a Spark runner ({@code SparkRunner}, {@code TestSparkRunner}...). */
  static boolean wantsSpark(String[] args) {
    for (String a : args) {
      if (a.startsWith("--runner=") && a.toLowerCase(Locale.ROOT).contains("spark")) {
        return true;
      }
    }
    return false;
  }

  /** True if the options name one of Beam's Spark runners. */
  public static boolean isSpark(PipelineOptions options) {
    return options.getRunner() != null
        && options.getRunner().getName().startsWith("org.apache.beam.runners.spark.");
  }

  /**
   * For {@code main}: when a Spark runner is asked for and this JVM lacks the flags, a pipeline job
   * lacks its default heap or can use (or write) its class-data archive, runs the same command in a
   * child JVM that has them and returns its exit code; otherwise returns empty.
   */
  static OptionalInt relaunchIfNeeded(String[] args) {
    if (Boolean.getBoolean(RELAUNCHED)) {
      return OptionalInt.empty();
    }
    String[] effectiveArgs = ConfigFile.effectiveArgs(args);
    boolean spark = wantsSpark(effectiveArgs);
    boolean sparkFlagsMissing = spark && opensMissing();
    boolean pipeline = runsPipeline(args);
    List<String> inputArguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
    // A pipeline job started from the jar with no heap option gets the default heap (DefaultHeap).
    Optional<String> heap =
        pipeline
            ? DefaultHeap.toAdd(System.getProperty("sun.java.command"), inputArguments, System.getenv(),
                Runtime.getRuntime().maxMemory())
            : Optional.empty();
    // Only when this class came from the JVM's own class path (not from a host such as mvn exec:java
    // or spark-submit).
    boolean ownJvm = SparkJvm.class.getClassLoader() == ClassLoader.getSystemClassLoader();
    // A pipeline job maps the classes an earlier run of it loaded (ClassDataArchive).
    Optional<ClassDataArchive> classData =
        pipeline && ownJvm
            ? ClassDataArchive.forRun(args[0], spark, System.getProperty("java.class.path", ""), inputArguments,
                System.getenv(), System.getProperties())
            : Optional.empty();
    // Its JVM ends at the first OutOfMemoryError rather than hang (OutOfMemoryExit).
    Optional<String> outOfMemory =
        pipeline ? OutOfMemoryExit.toAdd(DefaultHeap.userOptions(inputArguments, System.getenv())) : Optional.empty();
    // A light batch run's JVM compiles with C1 alone (LightJvm).
    Optional<String> quickJit =
        pipeline && ownJvm ? LightJvm.toAdd(args[0], Arrays.asList(effectiveArgs), inputArguments) : Optional.empty();
    if (!sparkFlagsMissing && heap.isEmpty() && classData.isEmpty()) {
      return OptionalInt.empty();
    }
    Optional<String> java = ProcessHandle.current().info().command();
    if (java.isEmpty() || !ownJvm) {
      return OptionalInt.empty();
    }
    List<String> jvmOptions = new ArrayList<>();
    // Before the user's own options, so that theirs (an -Xlog, say) win.
    classData.ifPresent(archive -> jvmOptions.addAll(archive.jvmFlags()));
    jvmOptions.addAll(inputArguments);
    heap.ifPresent(jvmOptions::add);
    outOfMemory.ifPresent(jvmOptions::add);
    quickJit.ifPresent(jvmOptions::add);
    // Always: started with -cp, the child does not get the jar manifest's Add-Opens.
    jvmOptions.addAll(jvmFlags());
    List<String> command = new ArrayList<>();
    command.add(java.get());
    command.addAll(jvmOptions);
    command.add("-D" + RELAUNCHED + "=true");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(Arrays.asList(args));
    leaveRecordingsToTheChild();
    try {
      Process child = new ProcessBuilder(command).inheritIO().start();
      Thread stopChild = new Thread(child::destroy, "stop-relaunched-jvm");
      Runtime.getRuntime().addShutdownHook(stopChild);
      int exit = child.waitFor();
      Runtime.getRuntime().removeShutdownHook(stopChild);
      classData.ifPresent(archive -> archive.childEnded(exit, jvmOptions));
      Optional<String> outOfMemoryEnd = OutOfMemoryExit.report(args[0], exit, outOfMemory.isPresent());
      if (outOfMemoryEnd.isPresent()) {
        System.err.println(outOfMemoryEnd.get());
        return OptionalInt.of(1);
      }
      return OptionalInt.of(exit);
    } catch (IOException e) {
      System.err.println("could not relaunch with the JVM options it needs (" + e + "); running without them");
      return OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.of(130);
    }
  }

  /**
   * A flight recording given on the command line ({@code -XX:StartFlightRecording=filename=...})
   * is made by the child too, which runs the job, while this JVM only waits: its own recording,
   * written to the same file when it ends after the child, would replace the job's with a
   * recording of the wait. So this JVM drops its recordings before the child starts.
   */
  static void leaveRecordingsToTheChild() {
    try {
      if (FlightRecorder.isAvailable() && FlightRecorder.isInitialized()) {
        for (Recording recording : FlightRecorder.getFlightRecorder().getRecordings()) {
          // Without a destination, closing discards it (stopping would write it there).
          recording.setDestination(null);
          recording.close();
        }
      }
    } catch (IOException | RuntimeException | LinkageError e) {
      // The recording of the wait is written at exit too; nothing worse.
    }
  }

  /** A job that runs a pipeline, not a call for help. */
  static boolean runsPipeline(String[] args) {
    if (args.length == 0 || JobOptions.wantsHelp(args)) {
      return false;
    }
    return Main.PIPELINE_JOBS.contains(args[0]);
  }

  /**
   * In a relaunched JVM: ends it when the JVM that started it ends, so that killing the command a
   * user started (even with SIGKILL, which runs no shutdown hook) stops the run. A run stopped so
   * is like any killed run: the next one over the output completes or removes what it left.
   */
  static void stopWithParent() {
    if (Boolean.getBoolean(RELAUNCHED)) {
      ProcessHandle.current().parent().ifPresent(
          parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(137)));
    }
  }

  /**
   * Before a pipeline runs on Spark: fails clearly if the JVM flags are missing, and sets the
   * loopback defaults. Does nothing for other runners.
   */
  public static void prepare(PipelineOptions options) {
    if (!isSpark(options)) {
      return;
    }
    if (opensMissing()) {
      throw new UsageException(
          "the Spark runner on Java 17 needs these JVM options (java -jar applies them itself): "
              + String.join(" ", jvmFlags()));
    }
    String master = System.getProperty("spark.master", options.as(SparkPipelineOptions.class).getSparkMaster());
    requireSparkMaster(master);
    requireStorageLevel(options.as(SparkPipelineOptions.class).getStorageLevel());
    applyLoopbackDefaults(master, System.getenv());
    applyCacheDefaults();
  }

  /** The master URL forms Spark takes; anything else failed inside Spark with a stack trace and exit 1. */
  private static final java.util.regex.Pattern MASTER = java.util.regex.Pattern.compile(
      "local(\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?])?|local-cluster\\[[0-9]+, *[0-9]+, *[0-9]+]"
          + "|(spark|mesos|k8s)://\\S+|yarn");

  static void requireSparkMaster(String master) {
    if (master == null || !MASTER.matcher(master.trim()).matches()) {
      throw new UsageException("--sparkMaster must be local, local[N], local[*], spark://HOST:PORT, yarn,"
          + " k8s://... or mesos://...: " + master);
    }
  }

  /** Spark's storage levels by name (StorageLevel.fromString); another name failed the run with exit 1. */
  static final List<String> STORAGE_LEVELS = List.of(
      "NONE", "DISK_ONLY", "DISK_ONLY_2", "DISK_ONLY_3", "MEMORY_ONLY", "MEMORY_ONLY_2", "MEMORY_ONLY_SER",
      "MEMORY_ONLY_SER_2", "MEMORY_AND_DISK", "MEMORY_AND_DISK_2", "MEMORY_AND_DISK_SER", "MEMORY_AND_DISK_SER_2",
      "OFF_HEAP");

  static void requireStorageLevel(String level) {
    if (level == null || !STORAGE_LEVELS.contains(level)) {
      throw new UsageException("--storageLevel must be one of " + String.join(", ", STORAGE_LEVELS) + ": " + level);
    }
  }

  /**
   * Compresses the cached collections' blocks (LZ4) unless {@code spark.rdd.compress} is given. The
   * runner caches every collection that feeds more than one step, serialized with spill to disk
   * (the jobs' storage level, {@code Main}); uncompressed, 25M enriched sales took about 10 GB of
   * local disk per cached collection, more than 50 GB in all for one 2 GB input file.
   */
  static void applyCacheDefaults() {
    if (System.getProperty("spark.rdd.compress") == null) {
      System.setProperty("spark.rdd.compress", "true");
    }
  }

  static void applyLoopbackDefaults(String master, Map<String, String> env) {
    if (env.get("SPARK_LOCAL_IP") != null
        || System.getProperty("spark.driver.host") != null
        || System.getProperty("spark.driver.bindAddress") != null
        || !isLoopbackMaster(master)) {
      return;
    }
    System.setProperty("spark.driver.host", LOOPBACK);
    System.setProperty("spark.driver.bindAddress", LOOPBACK);
    if (System.getProperty("spark.ui.enabled") == null) {
      System.setProperty("spark.ui.enabled", "false");
    }
    // The local executor's host name too (else Spark looks up the first interface, and says so).
    try {
      org.apache.spark.util.Utils.setCustomHostname(LOOPBACK);
    } catch (RuntimeException | LinkageError e) {
      LoggerFactory.getLogger(SparkJvm.class).debug("could not set Spark's local host name", e);
    }
  }

  /** {@code local}, {@code local[N]}, {@code local[*]}, or a master URL whose host is loopback. */
  static boolean isLoopbackMaster(String master) {
    if (master == null || master.startsWith("local")) {
      return true;
    }
    try {
      String host = URI.create(master).getHost();
      return host != null
          && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
