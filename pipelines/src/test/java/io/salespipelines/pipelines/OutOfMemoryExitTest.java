package io.salespipelines.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

public class OutOfMemoryExitTest {
  @Test
  public void theChildEndsAtItsFirstOutOfMemoryErrorUnlessTheUserChoseOtherwise() {
    assertThat(OutOfMemoryExit.toAdd(List.of("-Xmx2g")), equalTo(Optional.of("-XX:+ExitOnOutOfMemoryError")));
    assertThat(OutOfMemoryExit.toAdd(List.of("-XX:+HeapDumpOnOutOfMemoryError")).isPresent(), equalTo(true));
    assertThat(OutOfMemoryExit.toAdd(List.of("-XX:-ExitOnOutOfMemoryError")).isPresent(), equalTo(false));
    assertThat(OutOfMemoryExit.toAdd(List.of("-XX:+CrashOnOutOfMemoryError")).isPresent(), equalTo(false));
    assertThat(OutOfMemoryExit.toAdd(List.of("-XX:OnOutOfMemoryError=kill -9 %p")).isPresent(), equalTo(false));
    List<String> fromEnvironment =
        DefaultHeap.userOptions(List.of(), Map.of("JAVA_TOOL_OPTIONS", "-XX:-ExitOnOutOfMemoryError"));
    assertThat(OutOfMemoryExit.toAdd(fromEnvironment).isPresent(), equalTo(false));
  }

  @Test
  public void onlyTheEndTheOptionMakesIsReportedAsOutOfMemory() {
    assertThat(OutOfMemoryExit.report("sales-marts", 3, true).orElseThrow(),
        containsString("sales-marts failed: the JVM ran out of heap memory"));
    assertThat(OutOfMemoryExit.report("sales-marts", 3, true).orElseThrow(), containsString("java -Xmx6g -jar"));
    assertThat(OutOfMemoryExit.report("sales-marts", 3, false).isPresent(), equalTo(false));
    assertThat(OutOfMemoryExit.report("sales-marts", 1, true).isPresent(), equalTo(false));
    assertThat(OutOfMemoryExit.report("sales-marts", 0, true).isPresent(), equalTo(false));
  }
}
