package io.salespipelines.pipelines;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The heap the jar runs with when the user gives none. The JVM's own default is a quarter of the
 * machine's memory, and a Beam pipeline allocates fast enough that the garbage collector grows the
 * heap towards it whatever the input: 100k rows on a 23 GiB machine reached 5.8 GiB RSS. With no
 * heap option on the command line (or in {@code JDK_JAVA_OPTIONS} / {@code JAVA_TOOL_OPTIONS}), a
 * pipeline job started with {@code java -jar} reruns itself in a JVM with {@link #DEFAULT} (see
 * {@link SparkJvm#relaunchIfNeeded}); where the JVM's default is smaller already, nothing changes.
 * 3 GiB is what 1M rows needed on both runners in bench/run.sh.
 */
public final class DefaultHeap {
  /** The heap option a pipeline job gets when the user gives none. */
  public static final String DEFAULT = "-Xmx3g";

  static final long DEFAULT_BYTES = 3L << 30;

  /** What {@code --help} says about it. */
  public static final List<String> HELP =
      List.of(
          "JVM heap: started with java -jar and no heap option, a pipeline job runs with " + DEFAULT,
          "    (the JVM's default, a quarter of the machine's memory, only when that is smaller). Give your",
          "    own before -jar: java -Xmx6g -jar sales-pipelines.jar ..., or -XX:MaxRAMPercentage=50, or",
          "    JDK_JAVA_OPTIONS=-Xmx6g in the environment.");

  private static final List<String> HEAP_OPTIONS =
      List.of("-Xmx", "-XX:MaxHeapSize", "-XX:MaxRAM", "-XX:MaxRAMPercentage", "-XX:MaxRAMFraction");

  private DefaultHeap() {}

  /**
   * The heap option to relaunch with, or empty: when this JVM was started from the jar ({@code
   * sun.java.command} names a .jar), the user set no heap and the JVM's maximum is above the
   * default.
   */
  static Optional<String> toAdd(
      String javaCommand, List<String> jvmArguments, Map<String, String> env, long maxHeapBytes) {
    String first = javaCommand == null ? "" : javaCommand.split(" ", 2)[0];
    if (!first.endsWith(".jar") || maxHeapBytes <= DEFAULT_BYTES) {
      return Optional.empty();
    }
    return givesAny(userOptions(jvmArguments, env), HEAP_OPTIONS) ? Optional.empty() : Optional.of(DEFAULT);
  }

  /**
   * The JVM options the user gave: on the command line ({@code jvmArguments}) and in the variables
   * the {@code java} launcher and the JVM read options from.
   */
  static List<String> userOptions(List<String> jvmArguments, Map<String, String> env) {
    List<String> given = new ArrayList<>(jvmArguments);
    for (String variable : List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS")) {
      String value = env.get(variable);
      if (value != null && !value.isBlank()) {
        given.addAll(List.of(value.trim().split("\\s+")));
      }
    }
    return given;
  }

  /** Whether any of {@code given} starts with one of {@code options}. */
  static boolean givesAny(List<String> given, List<String> options) {
    return given.stream().anyMatch(arg -> options.stream().anyMatch(arg::startsWith));
  }
}
