package io.salespipelines.pipelines;

import io.salespipelines.pipelines.cdc.OrdersCdcJob;
import io.salespipelines.pipelines.generate.GenerateJob;
import io.salespipelines.pipelines.orders.OrdersAnalyticsJob;
import io.salespipelines.pipelines.run.LightJit;
import io.salespipelines.pipelines.salesmarts.SalesMartsJob;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptions;
import org.slf4j.LoggerFactory;

/**
 * The command line: {@code java -jar sales-pipelines.jar <job> --option=value ...}. Mistakes in the
 * call exit with 2 and one line saying what is wrong; a failed run exits with 1.
 */
public final class Main {
  /**
   * The jobs that run a pipeline, by name: the launching JVM decides with them whether to relaunch
   * (SparkJvm) without building the jobs, whose classes start the logging system and more, about a
   * second the launching JVM would spend for nothing. MainTest checks them against {@link #jobs()}.
   */
  static final List<String> PIPELINE_JOBS = List.of("sales-marts", "orders-analytics", "orders-cdc");

  private Main() {}

  /** Every job of the jar, in the order the usage line lists them. */
  static List<Job<?>> jobs() {
    return Jobs.ALL;
  }

  /** Built on first use, not when {@code main} starts (see {@link #PIPELINE_JOBS}). */
  private static final class Jobs {
    static final List<Job<?>> ALL =
        List.of(new GenerateJob(), new SalesMartsJob(), new OrdersAnalyticsJob(), new OrdersCdcJob());
  }

  public static void main(String[] args) {
    // Spark on Java 17 started without its JVM flags (not via java -jar), or a pipeline job with
    // no heap option (DefaultHeap): rerun with them.
    SparkJvm.stopWithParent();
    OptionalInt relaunched = SparkJvm.relaunchIfNeeded(args);
    if (relaunched.isPresent()) {
      System.exit(relaunched.getAsInt());
    }
    // This JVM runs one job and ends: a small run may change its JIT for good.
    LightJit.allowInThisJvm();
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      (args.length == 0 ? err : out)
          .println("usage: java [-Xmx3g] -jar sales-pipelines.jar <job> [--option=value ...] [--help]; jobs: "
              + jobNames() + "\n" + String.join("\n", DefaultHeap.HELP) + "\n"
              + String.join("\n", ClassDataArchive.HELP));
      return args.length == 0 ? 2 : 0;
    }
    String name = args[0];
    String[] jobArgs = Arrays.copyOfRange(args, 1, args.length);
    Job<?> job = jobs().stream().filter(j -> j.name().equals(name)).findFirst().orElse(null);
    if (job == null) {
      // An option where the job's name belongs is not echoed: it may be --jdbcUrl with a password.
      err.println(name.startsWith("-")
          ? "the first argument must be the job's name, before any option; jobs: " + jobNames()
          : "unknown job '" + name + "'; jobs: " + jobNames());
      return 2;
    }
    try {
      String summary = runJob(job, jobArgs, out);
      if (summary != null) {
        out.println(summary);
      }
      return 0;
    } catch (UsageException e) {
      // Option errors quote values (an option given twice, JSON that does not parse, an endpoint).
      err.println(name + ": " + JobOptions.maskSecrets(String.valueOf(e.getMessage()), argsForMasking(jobArgs)));
      return 2;
    } catch (Exception | LinkageError e) {
      // A driver may echo a URL with its password, or the password itself, in a message: the log
      // gets the stack trace under the masked message, never the exception's own text.
      String message = JobOptions.maskSecrets(rootMessage(e), argsForMasking(jobArgs));
      Exception trace = new Exception(message);
      trace.setStackTrace(e.getStackTrace());
      LoggerFactory.getLogger(Main.class).debug("{} failed", name, trace);
      err.println(name + " failed: " + message);
      return 1;
    }
  }

  /** The arguments with a --config file's read in; the command line alone when the file cannot be read. */
  private static String[] argsForMasking(String[] jobArgs) {
    try {
      return ConfigFile.effectiveArgs(jobArgs);
    } catch (RuntimeException e) {
      return jobArgs;
    }
  }

  /** Help, parameter files, defaults, parsing and the run of one job; null after {@code --help}. */
  private static <O extends PipelineOptions> String runJob(Job<O> job, String[] jobArgs, PrintStream out)
      throws Exception {
    if (JobOptions.wantsHelp(jobArgs)) {
      JobOptions.printHelp(job.name(), job.optionsType(), out);
      return null;
    }
    for (Job<?> other : jobs()) {
      ConfigFile.registerJob(other.optionsType());
    }
    String[] given = JobOptions.expandConfig(jobArgs, job.optionsType());
    String[] withDefaults = job.runsPipeline() ? productionDefaults(given, job.sparkDefaults()) : given;
    O options = JobOptions.parse(withDefaults, job.optionsType());
    if (job.runsPipeline()) {
      SparkJvm.prepare(options);
    }
    return job.run(options, Arrays.asList(given), out);
  }

  static String jobNames() {
    return jobs().stream().map(Job::name).collect(Collectors.joining(", "));
  }

  /**
   * The Direct runner's immutability and encodability checks cost an order of magnitude in speed;
   * tests keep them on, the command line turns them off unless told otherwise.
   *
   * <p>On Spark, the runner caches every collection that feeds more than one step; Beam's default
   * storage level (MEMORY_ONLY) keeps them as objects, about 1.6 GB for 1M enriched sales, and under
   * a bounded heap Spark evicts and recomputes them. Serialized with spill to disk they take a
   * fraction of that (1M rows with -Xmx3g: about 97 s instead of 110 s; with a large heap about 8 s
   * slower), which suits executors of a fixed size.
   */
  static String[] productionDefaults(String[] args) {
    return productionDefaults(args, List.of(SPARK_STORAGE_LEVEL));
  }

  /** The Spark default of every job unless it chooses its own ({@link Job#sparkDefaults}). */
  static final String SPARK_STORAGE_LEVEL = "--storageLevel=MEMORY_AND_DISK_SER";

  static String[] productionDefaults(String[] args, List<String> sparkDefaults) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    if (SparkJvm.wantsSpark(args)) {
      for (String option : sparkDefaults) {
        int eq = option.indexOf('=');
        addUnlessGiven(all, option.substring(0, eq), option.substring(eq + 1));
      }
    }
    boolean direct = true;
    for (String a : args) {
      if (a.startsWith("--runner=") && !a.endsWith("DirectRunner")) {
        direct = false;
      }
    }
    if (direct) {
      addUnlessGiven(all, "--enforceImmutability", "false");
      addUnlessGiven(all, "--enforceEncodability", "false");
      addUnlessGiven(all, "--targetParallelism", Integer.toString(Runtime.getRuntime().availableProcessors()));
    }
    return all.toArray(new String[0]);
  }

  private static void addUnlessGiven(List<String> args, String option, String value) {
    for (String a : args) {
      if (a.equals(option) || a.startsWith(option + "=")) {
        return;
      }
    }
    args.add(option + "=" + value);
  }

  /** The most specific message in a chain of causes, for a one-line report. */
  static String rootMessage(Throwable e) {
    String message = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LinkageError) {
        // Its message alone ("'void com.google...checkState(boolean, ...)'") does not say what went wrong.
        return t.getClass().getSimpleName() + ": " + t.getMessage()
            + " (a library on the class path is another version than the one this jar was built with;"
            + " on a cluster, look for conflicting jars in the cluster's class path)";
      }
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getClass().getSimpleName().endsWith("DimensionException")
            ? t.getMessage()
            : t.getMessage().lines().findFirst().orElse("");
        if (t instanceof java.nio.file.FileSystemException) {
          // Its message is the path alone: what happened to it is the class (NoSuchFileException).
          message = t.getClass().getSimpleName() + ": " + message;
        }
      }
    }
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
