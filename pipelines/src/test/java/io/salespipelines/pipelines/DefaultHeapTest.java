package io.salespipelines.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

public class DefaultHeapTest {
  private static final long SIX_GIB = 6L << 30;
  private static final String FROM_JAR = "pipelines/target/sales-pipelines.jar sales-marts --input=in";

  @Test
  public void aJarStartedWithNoHeapOptionGetsTheDefault() {
    assertThat(DefaultHeap.toAdd(FROM_JAR, List.of(), Map.of(), SIX_GIB), equalTo(Optional.of("-Xmx3g")));
    assertThat(
        DefaultHeap.toAdd(FROM_JAR, List.of("-Dfoo=bar", "-XX:+UseG1GC"), Map.of("JAVA_HOME", "/jdk"), SIX_GIB),
        equalTo(Optional.of("-Xmx3g")));
  }

  @Test
  public void aHeapTheUserGaveIsKept() {
    for (String option : List.of("-Xmx6g", "-XX:MaxHeapSize=8g", "-XX:MaxRAMPercentage=50", "-XX:MaxRAM=16g")) {
      assertThat(option, DefaultHeap.toAdd(FROM_JAR, List.of(option), Map.of(), SIX_GIB), equalTo(Optional.empty()));
    }
    assertThat(
        DefaultHeap.toAdd(FROM_JAR, List.of(), Map.of("JDK_JAVA_OPTIONS", " -Xmx1g "), SIX_GIB),
        equalTo(Optional.empty()));
    assertThat(
        DefaultHeap.toAdd(FROM_JAR, List.of(), Map.of("JAVA_TOOL_OPTIONS", "-Dx=y -XX:MaxRAMPercentage=10"), SIX_GIB),
        equalTo(Optional.empty()));
  }

  @Test
  public void noRelaunchOffTheJarOrWhenTheJvmDefaultIsSmaller() {
    // java -cp ... Main (tests, a host's own launcher): the caller chose its JVM.
    assertThat(
        DefaultHeap.toAdd("io.salespipelines.pipelines.Main sales-marts", List.of(), Map.of(), SIX_GIB),
        equalTo(Optional.empty()));
    assertThat(DefaultHeap.toAdd(FROM_JAR, List.of(), Map.of(), 2L << 30), equalTo(Optional.empty()));
  }

  @Test
  public void onlyPipelineJobsAreRelaunched() {
    assertThat(SparkJvm.runsPipeline(new String[] {"sales-marts", "--input=x"}), equalTo(true));
    assertThat(SparkJvm.runsPipeline(new String[] {"sales-marts", "--help"}), equalTo(false));
    assertThat(SparkJvm.runsPipeline(new String[] {"generate", "--rows=10"}), equalTo(false));
    assertThat(SparkJvm.runsPipeline(new String[] {}), equalTo(false));
  }

  @Test
  public void helpSaysHowToChangeTheHeapAndTheClassDataArchive() {
    for (String[] args : List.of(new String[] {"sales-marts", "--help"}, new String[] {"--help"})) {
      ByteArrayOutputStream sink = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);
      assertThat(Main.run(args, out, out), equalTo(0));
      String help = sink.toString(StandardCharsets.UTF_8);
      assertThat(help, containsString("runs with -Xmx3g"));
      assertThat(help, containsString("java -Xmx6g -jar sales-pipelines.jar"));
      assertThat(help, containsString("JDK_JAVA_OPTIONS"));
      assertThat(help, containsString("-Dsalespipelines.classDataSharing=false"));
    }
  }
}
