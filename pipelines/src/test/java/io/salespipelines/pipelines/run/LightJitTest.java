package io.salespipelines.pipelines.run;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/** When a run keeps the JIT light, and that the JVM then stops C2 (in a JVM of its own). */
public class LightJitTest {
  private static LandingZone.InputFile file(String name, long bytes) {
    return new LandingZone.InputFile("/landing/" + name, bytes, 0L, null);
  }

  @Test
  public void suitsARunUpToTheLimitWithCompressedFilesAtTenTimesTheirSize() {
    long mib = 1L << 20;
    assertThat(LightJit.suits(InputWeight.of(List.of(file("a.csv", 10 * mib), file("b.json", 6 * mib))), 16), equalTo(true));
    assertThat(LightJit.suits(InputWeight.of(List.of(file("a.csv", 10 * mib), file("b.json", 6 * mib + 1))), 16), equalTo(false));
    // 2 MiB of gzip hold about 20 MiB of rows.
    assertThat(LightJit.suits(InputWeight.of(List.of(file("a.csv.gz", 2 * mib))), 16), equalTo(false));
    assertThat(LightJit.suits(InputWeight.of(List.of(file("a.csv.gz", mib))), 16), equalTo(true));
    assertThat(LightJit.suits(InputWeight.of(List.of(file("huge.csv.gz", Long.MAX_VALUE / 2), file("b.csv", 1))), 16), equalTo(false));
    assertThat(LightJit.suits(InputWeight.of(List.of(file("a.csv", 1))), 0), equalTo(false));
    assertThat(LightJit.suits(InputWeight.of(List.of()), 16), equalTo(true));
  }

  @Test
  public void aJvmThatDidNotAllowItKeepsItsJit() {
    assertThat(LightJit.switchOn(), equalTo(false));
  }

  @Test
  public void stopsTheOptimizingCompilerOfItsJvmOnly() throws IOException, InterruptedException {
    // The directive holds for the JVM's life: another JVM takes it, not the one running the tests.
    String java = ProcessHandle.current().info().command().orElse("java");
    Process probe =
        new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LightJitProbe.class.getName())
            .redirectErrorStream(true)
            .start();
    String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(probe.waitFor(60, TimeUnit.SECONDS), equalTo(true));
    assertThat(output, probe.exitValue(), equalTo(0));
    assertThat(output, containsString("before allowed: false"));
    assertThat(output, containsString("switched on: true"));
    // The added directive (listed before the default one) excludes every method from C2, not C1.
    String added = output.substring(0, output.indexOf("Directive: (default)"));
    int c1 = added.indexOf("c1 directives");
    int c2 = added.indexOf("c2 directives");
    assertThat(added, c2, greaterThan(c1));
    assertThat(added, c1, greaterThan(added.indexOf("matching: *.*")));
    assertThat(added.substring(c1, c2), containsString("Exclude:false"));
    assertThat(added.substring(c2), containsString("Exclude:true"));
  }
}
