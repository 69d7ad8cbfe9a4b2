package io.salespipelines.pipelines.cdc;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.salespipelines.pipelines.Main;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * One orders-cdc run at a time per output, and a run killed part-way (the JVM halted as a SIGKILL
 * would, at a failpoint) followed by a normal run ends like one undisturbed run: orders_current and
 * order_activity equal, nothing doubled or missed; cdc_events holds every change (at least once).
 */
public class OrdersCdcRerunTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void aSecondRunOnTheSameOutputIsRefusedWhileTheFirstRuns() throws Exception {
    File in = tmp.newFolder("in");
    OrdersCdcJobTest.writeInput(in);
    Path out = tmp.getRoot().toPath().resolve("out");
    ExecutorService first = Executors.newSingleThreadExecutor();
    try {
      // The first run watches for 2 s after the last new file; the lock is taken before it starts.
      Future<String> firstRun = first.submit(
          () -> OrdersCdcJobTest.run(OrdersCdcJobTest.args(in, out, "--runId=first")));
      long deadline = System.currentTimeMillis() + 60_000;
      while (!Files.exists(out.resolve("_state/_LOCK")) && !firstRun.isDone() && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      if (firstRun.isDone()) {
        firstRun.get();
      }
      assertThat("the first run took the lock", Files.exists(out.resolve("_state/_LOCK")), equalTo(true));

      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = Main.run(
          OrdersCdcJobTest.args(in, out, "--runId=second"), new PrintStream(new ByteArrayOutputStream(), true),
          new PrintStream(err, true));
      String message = err.toString(StandardCharsets.UTF_8);
      assertThat("refused while the first run holds the lock", firstRun.isDone(), equalTo(false));
      assertThat(message, code, equalTo(2));
      assertThat(message, startsWith("orders-cdc: another run (first, pid " + ProcessHandle.current().pid()));
      assertThat("one line", message.strip().lines().count(), equalTo(1L));

      assertThat(firstRun.get(2, TimeUnit.MINUTES), startsWith("orders-cdc run first: 13 records read"));
    } finally {
      first.shutdownNow();
    }
    // The refused run left nothing behind, and the lock went with the first run.
    assertThat(Files.exists(out.resolve("_runs/second.json")), equalTo(false));
    assertThat(Files.exists(out.resolve("_state/_LOCK")), equalTo(false));
    assertThat(CdcOutputs.ordersCurrent(out), equalTo(OrdersCdcJobTest.ORDERS_CURRENT));
  }

  @Test
  public void killedAfterTheFirstCdcEventsFileThenRerunEndsLikeOneRun() throws Exception {
    killThenRerun(OrdersCdcPipeline.AFTER_CDC_EVENTS_FILE);
  }

  @Test
  public void killedAfterTheFirstActivityCommitThenRerunEndsLikeOneRun() throws Exception {
    killThenRerun(OrdersCdcPipeline.AFTER_ACTIVITY_COMMIT);
  }

  private void killThenRerun(String failpoint) throws Exception {
    File in = tmp.newFolder("in");
    OrdersCdcJobTest.writeInput(in);
    Path out = tmp.getRoot().toPath().resolve("out");
    List<String> cmd = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-Dsalespipelines.failpoint=" + failpoint,
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(OrdersCdcJobTest.args(in, out, "--runId=killed")));
    File log = tmp.newFile("killed.log");
    Process killed = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
    assertThat("no end within 3 minutes", killed.waitFor(3, TimeUnit.MINUTES), equalTo(true));
    assertThat(Files.readString(log.toPath()), killed.exitValue(), equalTo(137));
    // It was stopped part-way: no run record, no _COMPLETE, the lock left behind (its process is gone).
    assertThat(Files.exists(out.resolve("_runs/killed.json")), equalTo(false));
    assertThat(Files.exists(out.resolve("_state/cdc_files/killed/_COMPLETE")), equalTo(false));
    assertThat(Files.exists(out.resolve("_state/_LOCK")), equalTo(true));

    String rerun = OrdersCdcJobTest.run(OrdersCdcJobTest.args(in, out, "--runId=rerun"));
    assertThat(rerun, startsWith("orders-cdc run rerun: 13 records read: 8 written to cdc_events, 4 dead letters"));
    assertThat(CdcOutputs.ordersCurrent(out), equalTo(OrdersCdcJobTest.ORDERS_CURRENT));
    assertThat(CdcOutputs.orderActivity(out), equalTo(OrdersCdcJobTest.ORDER_ACTIVITY));
    // cdc_events is at least once across a kill (like Firehose): the same 8 distinct changes.
    List<String> events = CdcOutputs.lines(out.resolve("cdc_events"));
    assertThat(CdcOutputs.count(events).size(), equalTo(8));
    assertThat(events.size(), not(equalTo(0)));
    // No spool of the killed run is left, and its pane files never show half-written.
    try (var files = Files.walk(out)) {
      assertThat(files.map(Path::toString).filter(p -> p.endsWith(".spool") || p.endsWith(".inprogress"))
          .collect(java.util.stream.Collectors.toList()), equalTo(List.of()));
    }
    assertThat(Files.readString(out.resolve("_runs/rerun.json")), containsString("\"late_records\" : 0"));
  }
}
