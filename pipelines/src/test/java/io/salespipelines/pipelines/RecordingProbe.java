package io.salespipelines.pipelines;

/** Run by {@link SparkJvmRecordingTest} in a JVM of its own, as the waiting parent of a relaunch. */
public final class RecordingProbe {
  private RecordingProbe() {}

  public static void main(String[] args) {
    if (args.length == 0 || !args[0].equals("keep")) {
      SparkJvm.leaveRecordingsToTheChild();
    }
    System.out.println("probe ran");
  }
}
