package io.salespipelines.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The fat jar as users start it: a pipeline job run with {@code java -jar} writes its class-data
 * archive once, after the run, and the next run's relaunched JVM loads the job's classes from it;
 * with {@code -Dsalespipelines.classDataSharing=false} it does not.
 */
public class ClassDataSharingIT {
  static final Path JAR = Paths.get(System.getProperty("fat.jar", "target/sales-pipelines.jar"));
  private static final String OFF = "-Dsalespipelines.classDataSharing=false";
  private static final String PIPELINE_CLASS = "io.salespipelines.pipelines.salesmarts.SalesMartsPipeline";

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void theFirstJarRunWritesTheArchiveAndTheNextLoadsTheJobFromIt() throws Exception {
    assertThat("built by package: " + JAR, Files.exists(JAR), equalTo(true));
    Path data = tmp.newFolder("data").toPath();
    Path cache = tmp.newFolder("cache").toPath();
    assertThat(run(cache, List.of(), "generate", "--output=" + data, "--rows=300"), containsString("generate: wrote 300 rows"));
    String first = run(cache, List.of(), salesMarts(data, "first"));
    assertThat(first, containsString("300 rows read"));
    assertThat(first, containsString("keeping the classes this job loaded"));
    assertThat("the JVM's archive messages stay out", first, not(containsString("[cds]")));
    assertThat(archives(cache), hasSize(1));
    assertThat(archives(cache).get(0), containsString("sales-marts-direct-"));

    String next = run(cache, List.of("-Xlog:class+load=info"), salesMarts(data, "next"));
    assertThat(next, containsString("300 rows read"));
    assertThat(next, containsString(PIPELINE_CLASS + " source: shared objects file"));
    // A light run's JVM compiles with C1 alone (LightJvm), and still maps the archive.
    assertThat(next, containsString("this JVM compiles with C1 alone (-XX:TieredStopAtLevel=1"));
    String off = run(cache, List.of(OFF, "-Xlog:class+load=info"), salesMarts(data, "off"));
    assertThat(off, containsString("300 rows read"));
    assertThat(off, not(containsString(PIPELINE_CLASS + " source: shared objects file")));

    // Profiled runs get no archive: OpenJDK 17.0.15 crashed at start with a flight recording and an
    // archive (the second such run, whose archive the first had written).
    List<String> kept = archives(cache);
    for (String name : List.of("recorded", "recorded-again")) {
      Path recording = tmp.getRoot().toPath().resolve(name + ".jfr");
      String recorded = run(cache, List.of("-XX:StartFlightRecording=filename=" + recording), salesMarts(data, name));
      assertThat(recorded, containsString("300 rows read"));
      assertThat(recorded, not(containsString("keeping the classes this job loaded")));
      assertThat("the recording is the job's", Files.size(recording) > 0, equalTo(true));
    }
    assertThat(archives(cache), equalTo(kept));
  }

  private static String[] salesMarts(Path data, String output) {
    return new String[] {"sales-marts", "--input=" + data.resolve("landing"), "--dimensions=" + data.resolve("dimensions"),
        "--output=" + data.resolveSibling("out-" + output), "--jdbcUrl=none", "--progressSeconds=0"};
  }

  private static List<String> archives(Path cache) throws Exception {
    try (Stream<Path> files = Files.list(cache)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".jsa")).collect(Collectors.toList());
    }
  }

  private static String run(Path cache, List<String> jvmOptions, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-Dsalespipelines.cacheDir=" + cache);
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(5, TimeUnit.MINUTES), equalTo(true));
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(text, process.exitValue(), equalTo(0));
    return text;
  }
}
