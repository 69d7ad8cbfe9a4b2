package io.salespipelines.pipelines;

import java.util.List;
import java.util.Optional;

/**
 * A pipeline job's JVM ends at its first {@link OutOfMemoryError} instead of living on without
 * memory. On the Direct runner an OutOfMemoryError in a step's thread left the run hanging (a +10k
 * sales-marts run with {@code -Xmx48m}: the error logged, then no progress and no end for five
 * minutes, until killed), and an error the runner does not hand over leaves the run's outcome to
 * chance. The relaunched child JVM ({@link SparkJvm#relaunchIfNeeded}) gets {@code
 * -XX:+ExitOnOutOfMemoryError}; the JVM then exits with {@link #EXIT_CODE}, and the launching JVM
 * says in one line what happened and how to give the job more heap. As with any killed run, the
 * next run over the output completes or removes what this one left. Left alone when the user chose their own
 * handling ({@link #USERS_OWN}).
 */
final class OutOfMemoryExit {
  /** The child JVM's option. */
  static final String OPTION = "-XX:+ExitOnOutOfMemoryError";

  /** The exit code of a HotSpot JVM that {@link #OPTION} ended. */
  static final int EXIT_CODE = 3;

  private static final List<String> USERS_OWN =
      List.of("-XX:+ExitOnOutOfMemoryError", "-XX:-ExitOnOutOfMemoryError", "-XX:+CrashOnOutOfMemoryError",
          "-XX:OnOutOfMemoryError");

  private OutOfMemoryExit() {}

  /** The option to add to the child JVM, or empty when the user gave their own. */
  static Optional<String> toAdd(List<String> userOptions) {
    return DefaultHeap.givesAny(userOptions, USERS_OWN) ? Optional.empty() : Optional.of(OPTION);
  }

  /**
   * The line for the user when the child ended with {@code exitCode}, or empty when that is not the
   * end {@link #OPTION} makes.
   */
  static Optional<String> report(String job, int exitCode, boolean added) {
    if (!added || exitCode != EXIT_CODE) {
      return Optional.empty();
    }
    // Most often before the commit; during it, the next run completes the commit (RunCommit).
    return Optional.of(job + " failed: the JVM ran out of heap memory and stopped the run (as after a"
        + " killed run, the next run over the output completes or removes what it left); give it a"
        + " larger heap before -jar, e.g. java -Xmx6g -jar sales-pipelines.jar " + job + " ...");
  }
}
