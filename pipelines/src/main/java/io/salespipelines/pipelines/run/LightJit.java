package io.salespipelines.pipelines.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the JVM's JIT light for a small run: HotSpot's optimizing compiler (C2) is told to compile
 * nothing more, so methods end in C1's code. A run over a day's file on top of history is over in
 * some seconds, while C2 compiles thousands of Beam's methods (a +1% run on 1M rows of history on
 * two cores: 35 s of compiler CPU in a 29 s run); its code pays off only in a long run (C1 alone made
 * the first run over 1M rows 10% slower on Direct and 50% slower on Spark {@code local[2]}). Hence
 * the choice by the run's input, once it is listed: compilations made before stay.
 *
 * <p>Through a compiler directive added with the JVM's diagnostic command (what {@code jcmd
 * Compiler.directives_add} does): it holds for the rest of the JVM's life, so only a JVM that runs
 * one job and ends (the command line: {@link #allowInThisJvm}) takes it; tests and programs that
 * run jobs in their own JVM keep their JIT. A JVM without the command (not HotSpot) runs unchanged.
 */
public final class LightJit {
  private static final Logger LOG = LoggerFactory.getLogger(LightJit.class);
  static final String DIRECTIVE = "[{ match: \"*.*\", c2: { Exclude: true } }]";

  private static volatile boolean allowed;

  private LightJit() {}

  /** For {@code main} of a JVM that runs one job and ends. */
  public static void allowInThisJvm() {
    allowed = true;
  }

  /** Whether a run's input ({@link InputWeight}) is light enough: at most {@code upToMiB}, and it is not 0. */
  static boolean suits(long inputWeight, int upToMiB) {
    return upToMiB > 0 && inputWeight <= (long) upToMiB << 20;
  }

  /**
   * Stops C2 compilations in this JVM; false when this JVM was not allowed to ({@link
   * #allowInThisJvm}) or does not take the directive.
   */
  static boolean switchOn() {
    if (!allowed) {
      return false;
    }
    Path file = null;
    try {
      file = Files.createTempFile("sales-pipelines-jit", ".json");
      Files.writeString(file, DIRECTIVE, StandardCharsets.UTF_8);
      Object result =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "compilerDirectivesAdd",
                  new Object[] {new String[] {file.toString()}},
                  new String[] {String[].class.getName()});
      return String.valueOf(result).contains("1 compiler directives added");
    } catch (IOException | JMException | RuntimeException e) {
      LOG.debug("the JVM took no compiler directive; its JIT stays as it is", e);
      return false;
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          LOG.debug("could not delete {}", file, e);
        }
      }
    }
  }
}
