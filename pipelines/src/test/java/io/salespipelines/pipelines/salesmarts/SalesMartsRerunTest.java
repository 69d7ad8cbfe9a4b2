package io.salespipelines.pipelines.salesmarts;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;

import io.salespipelines.pipelines.Main;
import io.salespipelines.pipelines.generate.GenerateOptions;
import io.salespipelines.pipelines.generate.SalesDataGenerator;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Safe reruns (SPEC 1.4): the same input twice, a landing zone that grows, interrupted runs, the
 * data-quality gate and the one-run-at-a-time lock. Every case compares whole outputs (tables,
 * dead letters, embedded database) with a run that was not disturbed.
 */
public class SalesMartsRerunTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static Path data;
  private static Path landing;
  /** The output of one undisturbed run over the whole landing zone. */
  private static OutputSnapshot reference;

  @BeforeClass
  public static void generateAndRunOnce() throws Exception {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    data = TMP.newFolder("data").toPath();
    GenerateOptions options = new GenerateOptions();
    options.output = data.toString();
    options.rows = 12_000;
    options.seed = 11;
    options.badRate = 0.03;
    options.files = 4;
    SalesDataGenerator.generate(options);
    landing = data.resolve("landing");
    Path out = TMP.getRoot().toPath().resolve("reference");
    assertThat(run(landing, out), equalTo(0));
    reference = OutputSnapshot.of(out);
    assertThat(reference.totalRows(), greaterThan(10_000L));
  }

  private static int run(Path input, Path output, String... extra) {
    List<String> args = new ArrayList<>(List.of("sales-marts", "--input=" + input, "--output=" + output,
        "--dimensions=" + data.resolve("dimensions")));
    args.addAll(List.of(extra));
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(sink, true, StandardCharsets.UTF_8);
    int code = Main.run(args.toArray(new String[0]), ps, ps);
    lastOutput = sink.toString(StandardCharsets.UTF_8);
    return code;
  }

  private static String lastOutput = "";

  private static void assertSameAsReference(Path output) throws Exception {
    OutputSnapshot s = OutputSnapshot.of(output);
    for (String table : OutputSnapshot.TABLES) {
      assertThat(table, s.tables.get(table), equalTo(reference.tables.get(table)));
    }
    assertThat("dead letters", s.deadLetters, equalTo(reference.deadLetters));
    assertThat("database", s.database, equalTo(reference.database));
  }

  @Test
  public void sameInputTwiceChangesNothing() throws Exception {
    Path out = TMP.newFolder("twice").toPath();
    assertThat(run(landing, out), equalTo(0));
    assertThat(run(landing, out), equalTo(0));
    assertThat(lastOutput, containsString(" 0 rows read"));
    assertSameAsReference(out);
    assertThat(OutputSnapshot.files(out.resolve("_runs"), ".json").size(), equalTo(2));
  }

  @Test
  public void aGrowingLandingZoneEndsLikeOneRunOverAllFiles() throws Exception {
    Path grow = TMP.newFolder("growing-landing").toPath();
    Path out = TMP.newFolder("growing").toPath();
    List<Path> files = landingFiles();
    int half = files.size() / 2;
    for (Path f : allLandingEntries()) {
      if (!files.contains(f)) {
        Files.copy(f, grow.resolve(f.getFileName()));
      }
    }
    for (Path f : files.subList(0, half)) {
      Files.copy(f, grow.resolve(f.getFileName()));
    }
    assertThat(run(grow, out), equalTo(0));
    for (Path f : files.subList(half, files.size())) {
      Files.copy(f, grow.resolve(f.getFileName()));
    }
    assertThat(run(grow, out), equalTo(0));
    OutputSnapshot s = OutputSnapshot.of(out);
    // Sources differ (another landing folder), so compare the tables and the database.
    for (String table : OutputSnapshot.TABLES) {
      assertThat(table, s.tables.get(table), equalTo(reference.tables.get(table)));
    }
    assertThat(s.database, equalTo(reference.database));
    assertThat(s.deadLetters.size(), equalTo(reference.deadLetters.size()));
  }

  /**
   * Compaction (issue 12): three runs over a growing landing zone, the third rewriting the small
   * files of the first two and killed after its commit moved the new files in, before it removed
   * the old ones (rows twice). The next run completes that commit: the tables hold every row once,
   * as one run over all files, in fewer files.
   */
  @Test
  public void aRunKilledWhileCommittingItsCompactionEndsLikeOneRun() throws Exception {
    Path grow = TMP.newFolder("compact-landing").toPath();
    Path out = TMP.newFolder("compact").toPath();
    List<Path> files = landingFiles();
    for (Path f : allLandingEntries()) {
      if (!files.contains(f)) {
        Files.copy(f, grow.resolve(f.getFileName()));
      }
    }
    for (Path f : files.subList(0, 2)) {
      Files.copy(f, grow.resolve(f.getFileName()));
      assertThat(run(grow, out, "--compactAfterRuns=2"), equalTo(0));
    }
    long filesBefore = parquetFiles(out.resolve("sales_team_mart"));
    for (Path f : files.subList(2, files.size())) {
      Files.copy(f, grow.resolve(f.getFileName()));
    }
    Process p = javaMain(out, grow, List.of("-Dsalespipelines.failpoint=before-removing-replaced-sales_team_mart"),
        "--compactAfterRuns=2").start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES), equalTo(true));
    assertThat(p.exitValue(), equalTo(137));
    assertThat("killed with the rewritten files and the old ones in place",
        OutputSnapshot.of(out).tables.get("sales_team_mart").size(),
        greaterThan(reference.tables.get("sales_team_mart").size()));
    assertThat(run(grow, out, "--compactAfterRuns=2"), equalTo(0));
    assertThat(lastOutput, containsString(" 0 rows read"));
    OutputSnapshot s = OutputSnapshot.of(out);
    for (String table : OutputSnapshot.TABLES) {
      assertThat(table, s.tables.get(table), equalTo(reference.tables.get(table)));
    }
    assertThat(s.database, equalTo(reference.database));
    // Two runs' files per partition became one file, beside the third run's.
    assertThat(parquetFiles(out.resolve("sales_team_mart")), lessThan(filesBefore + filesBefore / 2));
    try (Stream<Path> all = Files.walk(out.resolve("customer_mart"))) {
      assertThat(all.anyMatch(f -> f.getFileName().toString().endsWith("-compacted.parquet")), equalTo(true));
    }
  }

  private static long parquetFiles(Path table) throws Exception {
    try (Stream<Path> all = Files.walk(table)) {
      return all.filter(f -> f.getFileName().toString().endsWith(".parquet")).count();
    }
  }

  @Test
  public void reprocessTurnsEveryRowIntoADuplicateAndKeepsTheMarts() throws Exception {
    Path out = TMP.newFolder("reprocess").toPath();
    assertThat(run(landing, out), equalTo(0));
    assertThat(run(landing, out, "--reprocess"), equalTo(0));
    OutputSnapshot s = OutputSnapshot.of(out);
    for (String table : OutputSnapshot.TABLES) {
      assertThat(table, s.tables.get(table), equalTo(reference.tables.get(table)));
    }
    assertThat(lastOutput, containsString(" 0 valid"));
  }

  @Test
  public void dataQualityGateCommitsNoMarts() throws Exception {
    Path out = TMP.newFolder("gate").toPath();
    assertThat(run(landing, out, "--maxBadRate=0.01"), equalTo(1));
    assertThat(lastOutput, containsString("data-quality gate"));
    assertThat(Files.exists(out.resolve("dead_letter/_SUCCESS")), equalTo(true));
    assertThat(Files.exists(out.resolve("customer_mart")), equalTo(false));
    assertThat(OutputSnapshot.files(out.resolve("_runs"), ".json").size(), equalTo(1));
    // Nothing was recorded as processed: a run with a laxer gate reads every file.
    assertThat(run(landing, out, "--maxBadRate=0.5"), equalTo(0));
    OutputSnapshot s = OutputSnapshot.of(out);
    assertThat(s.tables, equalTo(reference.tables));
  }

  @Test
  public void aSecondRunAtOnceIsRefused() throws Exception {
    Path out = TMP.newFolder("locked").toPath();
    Files.createDirectories(out.resolve("_state"));
    Files.writeString(
        out.resolve("_state/_LOCK"),
        "{\"run_id\":\"other\",\"host\":\"" + java.net.InetAddress.getLocalHost().getHostName()
            + "\",\"pid\":" + ProcessHandle.current().pid() + ",\"started_at\":\"now\"}");
    assertThat(run(landing, out), equalTo(2));
    assertThat(lastOutput, containsString("another run (other"));
  }

  @Test
  public void archiveMovesProcessedAndRejectedFiles() throws Exception {
    Path arch = TMP.newFolder("archive-landing").toPath();
    for (Path f : allLandingEntries()) {
      Files.copy(f, arch.resolve(f.getFileName()));
    }
    Path out = TMP.newFolder("archive").toPath();
    assertThat(run(arch, out, "--archive"), equalTo(0));
    assertThat(Files.exists(arch.resolve("error_files/wrong_file_type/notes.txt")), equalTo(true));
    assertThat(Files.exists(arch.resolve("error_files/bad_schema/no_store_id.csv")), equalTo(true));
    try (Stream<Path> left = Files.list(arch)) {
      assertThat(
          left.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
              .filter(n -> !n.startsWith(".") && !n.startsWith("_")).collect(Collectors.toList()),
          equalTo(List.of()));
    }
    for (String table : OutputSnapshot.TABLES) {
      assertThat(table, OutputSnapshot.of(out).tables.get(table), equalTo(reference.tables.get(table)));
    }
  }

  /** A run killed at a point, then run again normally, ends exactly like an undisturbed run. */
  private void crashThenRerun(String failpoint) throws Exception {
    Path out = TMP.newFolder("crash-" + failpoint).toPath();
    Process p = javaMain(out, "-Dsalespipelines.failpoint=" + failpoint).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES), equalTo(true));
    assertThat("killed at " + failpoint, p.exitValue(), equalTo(137));
    // The database is written only at the end of the commit: a run killed before that left it
    // as it was (empty tables here), whatever the files' state.
    OutputSnapshot killed = OutputSnapshot.of(out);
    assertThat("database rows after a kill at " + failpoint,
        killed.database.values().stream().mapToInt(List::size).sum(), equalTo(0));
    assertThat(run(landing, out), equalTo(0));
    assertSameAsReference(out);
  }

  @Test
  public void crashAfterThePipelineBeforeTheCommit() throws Exception {
    crashThenRerun("after-pipeline");
  }

  @Test
  public void crashAfterTheCommitPlan() throws Exception {
    crashThenRerun("after-commit-plan");
  }

  @Test
  public void crashHalfwayThroughReplacingTheAggregates() throws Exception {
    crashThenRerun("after-replace-customer_monthly_spend");
  }

  @Test
  public void crashAfterTheFoldersBeforeTheDatabase() throws Exception {
    crashThenRerun("after-folders");
  }

  /**
   * SIGKILL a run some time after it took the lock: early it is reading and validating, later it
   * writes Parquet and upserts into the database. Then a normal run must end like an undisturbed one.
   */
  private void sigkillThenRerun(String name, long millisAfterLock) throws Exception {
    Path out = TMP.newFolder("sigkill-" + name).toPath();
    Process p = javaMain(out).start();
    long deadline = System.currentTimeMillis() + 120_000;
    while (!Files.exists(out.resolve("_state/_LOCK")) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    Thread.sleep(millisAfterLock);
    p.destroyForcibly().waitFor();
    assertThat(run(landing, out), equalTo(0));
    assertSameAsReference(out);
  }

  @Test
  public void sigkillWhileReadingThenRerun() throws Exception {
    sigkillThenRerun("reading", 1_500);
  }

  @Test
  public void sigkillWhileWritingThenRerun() throws Exception {
    sigkillThenRerun("writing", 7_000);
  }

  private ProcessBuilder javaMain(Path out, String... jvmFlags) {
    return javaMain(out, landing, List.of(jvmFlags));
  }

  private ProcessBuilder javaMain(Path out, Path input, List<String> jvmFlags, String... extra) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(jvmFlags);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of("sales-marts", "--input=" + input, "--output=" + out,
        "--dimensions=" + data.resolve("dimensions")));
    cmd.addAll(List.of(extra));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File(out + ".log"));
  }

  private static List<Path> landingFiles() throws Exception {
    try (Stream<Path> files = Files.list(landing)) {
      return files.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().startsWith("sales_"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  private static List<Path> allLandingEntries() throws Exception {
    try (Stream<Path> files = Files.list(landing)) {
      return files.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
  }
}
