package io.salespipelines.pipelines.run;

/**
 * Named points where the crash tests stop the JVM as a SIGKILL would: no shutdown hooks, no
 * cleanup. Set with {@code -Dsalespipelines.failpoint=<name>}; unset in normal runs.
 */
final class Failpoints {
  private Failpoints() {}

  static void reach(String name) {
    if (name.equals(System.getProperty("salespipelines.failpoint"))) {
      Runtime.getRuntime().halt(137);
    }
  }
}
