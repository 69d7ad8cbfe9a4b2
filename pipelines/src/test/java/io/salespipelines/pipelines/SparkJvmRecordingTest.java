package io.salespipelines.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SparkJvmRecordingTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /**
   * In real JVMs started with a flight recording: the relaunching parent writes nothing into the
   * file at its end, so that the file the user named keeps the child's recording of the job; a JVM
   * that keeps its recording (the control) does write it.
   */
  @Test
  public void theWaitingParentLeavesTheRecordingFileToTheChild() throws Exception {
    Path dropped = tmp.getRoot().toPath().resolve("parent.jfr");
    Path kept = tmp.getRoot().toPath().resolve("kept.jfr");
    assertThat(runProbe(dropped, "drop"), containsString("probe ran"));
    assertThat(runProbe(kept, "keep"), containsString("probe ran"));
    assertThat("the control writes its recording", Files.size(kept) > 0, equalTo(true));
    // JFR makes the file when the recording starts; nothing more is written to it at the end.
    assertThat(Files.size(dropped), equalTo(0L));
  }

  private static String runProbe(Path recording, String mode) throws Exception {
    List<String> command =
        List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:StartFlightRecording=filename=" + recording, "-Xlog:jfr*=off",
            "-cp", System.getProperty("java.class.path"), RecordingProbe.class.getName(), mode);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(out, process.waitFor(), equalTo(0));
    return out;
  }
}
