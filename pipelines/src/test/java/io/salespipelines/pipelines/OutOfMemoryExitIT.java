package io.salespipelines.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The fat jar as users start it, with a heap too small for the job: the run ends at once with exit
 * code 1 and one line saying so, commits nothing, and a run with enough heap then does the work.
 * Before, an OutOfMemoryError in a step's thread left a Direct run hanging.
 */
public class OutOfMemoryExitIT {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void aRunOutOfHeapEndsWithOneClearLineAndTheNextRunDoesTheWork() throws Exception {
    Path data = tmp.newFolder("data").toPath();
    Path out = data.resolveSibling("out");
    Result generated = run(List.of("-Xmx1g"), "generate", "--output=" + data, "--rows=300");
    assertThat(generated.text, generated.exit, equalTo(0));

    // Relaunched (the class-data archive applies), so the child JVM gets the option.
    Result starved = run(List.of("-Xmx24m"), salesMarts(data, out));
    assertThat(starved.text, starved.exit, equalTo(1));
    assertThat(starved.text, containsString("sales-marts failed: the JVM ran out of heap memory"));
    assertThat(starved.text, not(containsString("UncaughtExceptionHandler")));
    assertThat("nothing committed", Files.exists(out.resolve("_runs")), equalTo(false));

    // No archive to write after it (10-15 s): the class-data sharing is no part of this test.
    Result fed = run(List.of("-Xmx1g", "-Dsalespipelines.classDataSharing=false"), salesMarts(data, out));
    assertThat(fed.text, fed.exit, equalTo(0));
    assertThat(fed.text, containsString("300 rows read"));
  }

  private static String[] salesMarts(Path data, Path out) {
    return new String[] {"sales-marts", "--input=" + data.resolve("landing"), "--dimensions=" + data.resolve("dimensions"),
        "--output=" + out, "--jdbcUrl=none", "--progressSeconds=0"};
  }

  private static final class Result {
    final int exit;
    final String text;

    Result(int exit, String text) {
      this.exit = exit;
      this.text = text;
    }
  }

  private Result run(List<String> jvmOptions, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-Dsalespipelines.cacheDir=" + tmp.getRoot().toPath().resolve("cache"));
    command.addAll(List.of("-jar", ClassDataSharingIT.JAR.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(5, TimeUnit.MINUTES), equalTo(true));
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
