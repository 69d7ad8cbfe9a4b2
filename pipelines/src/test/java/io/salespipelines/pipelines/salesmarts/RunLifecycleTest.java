package io.salespipelines.pipelines.salesmarts;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipelines.pipelines.Main;
import io.salespipelines.pipelines.generate.GenerateOptions;
import io.salespipelines.pipelines.generate.SalesDataGenerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The shared run lifecycle as hostile use meets it, through sales-marts: a file that cannot be read
 * this time, folders whose names are patterns, a reused run id, output and input folders that
 * overlap, files still being written.
 */
public class RunLifecycleTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path data;
  private static Path landing;
  private static OutputSnapshot reference;

  @BeforeClass
  public static void generateAndRunOnce() throws Exception {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    data = TMP.newFolder("data").toPath();
    GenerateOptions options = new GenerateOptions();
    options.output = data.toString();
    options.rows = 3_000;
    options.seed = 5;
    options.files = 4;
    SalesDataGenerator.generate(options);
    landing = data.resolve("landing");
    Path out = TMP.getRoot().toPath().resolve("reference");
    assertThat(run(landing, out), equalTo(0));
    reference = OutputSnapshot.of(out);
    assertThat(reference.totalRows(), greaterThan(2_000L));
  }

  private static String lastOutput = "";

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

  /** Table by table, reporting the first difference rather than every row. */
  private static void assertSameTables(OutputSnapshot actual) {
    for (String table : OutputSnapshot.TABLES) {
      List<String> want = reference.tables.get(table);
      List<String> got = actual.tables.get(table);
      if (!want.equals(got)) {
        List<String> missing = new ArrayList<>(want);
        missing.removeAll(got);
        List<String> extra = new ArrayList<>(got);
        extra.removeAll(want);
        throw new AssertionError(table + ": " + got.size() + " rows, expected " + want.size()
            + "; first missing " + missing.stream().findFirst().orElse("-")
            + "; first unexpected " + extra.stream().findFirst().orElse("-"));
      }
    }
  }

  private static Path copyOfLanding(String name) throws Exception {
    Path copy = TMP.newFolder(name).toPath();
    try (Stream<Path> files = Files.list(landing)) {
      for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    return copy;
  }

  private static List<JsonNode> runRecords(Path out) throws Exception {
    List<JsonNode> records = new ArrayList<>();
    for (Path f : OutputSnapshot.files(out.resolve("_runs"), ".json")) {
      records.add(JSON.readTree(f.toFile()));
    }
    records.sort((a, b) -> a.get("started_at").asText().compareTo(b.get("started_at").asText()));
    return records;
  }

  private static String ledgerText(Path out) throws Exception {
    StringBuilder all = new StringBuilder();
    for (Path f : OutputSnapshot.files(out.resolve("_state/ledger"), ".jsonl")) {
      all.append(Files.readString(f));
    }
    return all.toString();
  }

  @Test
  public void aFileThatCannotBeReadIsNotRecordedAndIsReadOnceItCanBe() throws Exception {
    Path input = copyOfLanding("unreadable-landing");
    Path held = TMP.newFolder("held").toPath();
    Path someFile;
    try (Stream<Path> files = Files.list(input)) {
      // The last file by path: where it shares a transaction id with another file, the other one
      // is the first by (path, line) and is kept in both the reference and the split runs.
      someFile = files.filter(f -> f.getFileName().toString().startsWith("sales_"))
          .sorted(java.util.Comparator.reverseOrder()).findFirst().get();
    }
    // The landing entry is a link whose target is not there yet: it cannot be read this time.
    Files.move(someFile, held.resolve("file.tmp"));
    Files.createSymbolicLink(someFile, held.resolve("file.csv"));
    Path out = TMP.newFolder("unreadable").toPath();

    assertThat(run(input, out), equalTo(0));
    assertThat(lastOutput, containsString("WARNING: 1 file(s) could not be read"));
    JsonNode first = runRecords(out).get(0);
    assertThat(first.at("/counts/files_rejected_by_type/unreadable").asLong(), equalTo(1L));
    assertThat(first.at("/files_unreadable/0/reason").asText(), containsString("dangling symbolic link"));
    assertThat(ledgerText(out), not(containsString(someFile.getFileName().toString())));
    assertThat(OutputSnapshot.of(out).deadLetters, org.hamcrest.Matchers.hasItem(someFile + ":0 unreadable"));

    // Now it can be read: the next run reads it, and the tables end as if all was read at once.
    Files.move(held.resolve("file.tmp"), held.resolve("file.csv"));
    assertThat(run(input, out), equalTo(0));
    JsonNode second = runRecords(out).get(1);
    assertThat(second.at("/input_files").size(), equalTo(1));
    assertThat(second.at("/input_files/0/link_target").asText(), equalTo(held.resolve("file.csv").toString()));
    long referenceRows = runRecords(TMP.getRoot().toPath().resolve("reference")).get(0).at("/counts/rows_read").asLong();
    assertThat(first.at("/counts/rows_read").asLong() + second.at("/counts/rows_read").asLong(), equalTo(referenceRows));
    assertThat(second.at("/counts/rows_read").asLong(), greaterThan(100L));
    assertSameTables(OutputSnapshot.of(out));
    assertThat("database equals the reference", OutputSnapshot.of(out).database.equals(reference.database), equalTo(true));
  }

  /** Each ledger entry's path and status, across every run. */
  private static Map<String, String> ledgerVerdicts(Path out) throws Exception {
    Map<String, String> verdicts = new java.util.HashMap<>();
    for (String line : ledgerText(out).split("\n")) {
      if (!line.isBlank()) {
        JsonNode entry = JSON.readTree(line);
        verdicts.put(entry.get("path").asText(), entry.get("status").asText());
      }
    }
    return verdicts;
  }

  @Test
  public void pathsWithLineBreaksOrTabsKeepTheirVerdictsInTheLedger() throws Exception {
    Path input = TMP.newFolder("odd-names").toPath();
    Path csv;
    try (Stream<Path> files = Files.list(landing)) {
      csv = files.filter(f -> f.getFileName().toString().matches("sales_\\d+\\.csv")).sorted().findFirst().get();
    }
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    // One file rejected whole for its header, one that cannot be read this time (a link whose
    // target is not there yet). The pipeline hands the files it rejected to the driver as lines
    // of a file, which a raw line break cut: the first was recorded as processed.
    Path badHeader = input.resolve("no\tstore\nid.csv");
    Files.write(badHeader, List.of(lines.get(0).replace("store_id", "shop_id"), lines.get(1)), StandardCharsets.UTF_8);
    Path held = TMP.newFolder("odd-held").toPath();
    Path late = input.resolve("late\nsales.csv");
    Files.createSymbolicLink(late, held.resolve("sales.csv"));
    Path out = TMP.newFolder("odd-out").toPath();

    assertThat(run(input, out), equalTo(0));
    Map<String, String> verdicts = ledgerVerdicts(out);
    assertThat(verdicts.get(badHeader.toString()), equalTo("rejected:bad_schema"));
    assertThat(verdicts.containsKey(late.toString()), equalTo(false));
    assertThat(verdicts.size(), equalTo(1));

    // Once it can be read, the next run reads it and records it under its whole name.
    Files.write(held.resolve("sales.csv"), lines.subList(0, 11), StandardCharsets.UTF_8);
    assertThat(run(input, out), equalTo(0));
    assertThat(ledgerVerdicts(out).get(late.toString()), equalTo("processed"));
    assertThat(runRecords(out).get(1).at("/counts/rows_read").asLong(), greaterThan(5L));
  }

  @Test
  public void foldersWhoseNamesArePatternsAreRefusedInOneLine() throws Exception {
    Path patterned = TMP.newFolder("landing [eu]").toPath();
    Files.copy(landing.resolve(Files.list(landing).filter(f -> f.toString().endsWith(".csv")).findFirst().get().getFileName()),
        patterned.resolve("a.csv"));
    assertThat(run(patterned, TMP.getRoot().toPath().resolve("out-a")), equalTo(2));
    assertThat(lastOutput, containsString("--input: the path holds one of the characters"));
    assertThat(lastOutput.strip().lines().count(), equalTo(1L));

    assertThat(run(landing, TMP.getRoot().toPath().resolve("out {v2}")), equalTo(2));
    assertThat(lastOutput, containsString("--output: the path holds one of the characters"));
    assertThat(Files.exists(TMP.getRoot().toPath().resolve("out {v2}")), equalTo(false));
  }

  @Test
  public void aRunIdIsNotUsedTwiceOverOneOutput() throws Exception {
    Path out = TMP.newFolder("run-id").toPath();
    assertThat(run(landing, out, "--runId=daily-1"), equalTo(0));
    Path extra = copyOfLanding("run-id-landing");
    assertThat(run(extra, out, "--runId=daily-1"), equalTo(2));
    assertThat(lastOutput, containsString("--runId daily-1 was already used"));
    assertSameTables(OutputSnapshot.of(out));
  }

  @Test
  public void outputEqualToInputIsRefusedAndOutputInsideInputIsSafe() throws Exception {
    Path input = copyOfLanding("nested-landing");
    assertThat(run(input, input), equalTo(2));
    assertThat(lastOutput, containsString("--output must not be the --input folder itself"));

    Path inside = input.resolve("marts");
    assertThat(run(input, inside), equalTo(0));
    assertSameTables(OutputSnapshot.of(inside));
    // The output's own files are never read as landing files.
    assertThat(run(input, inside), equalTo(0));
    assertThat(lastOutput, containsString(" 0 rows read"));
    assertSameTables(OutputSnapshot.of(inside));
  }

  /**
   * An input inside the output is one of the output's own folders: with --archive, a run over
   * customer_mart moved the table's files into error_files/ and kept its _SUCCESS.
   */
  @Test
  public void anInputInsideTheOutputIsRefusedAlsoThroughALink() throws Exception {
    Path out = TMP.newFolder("input-inside-output").toPath();
    assertThat(run(landing, out), equalTo(0));
    Path table = out.resolve("customer_mart");
    assertThat(run(table, out, "--archive"), equalTo(2));
    assertThat(lastOutput, containsString("--input must not lie inside --output"));
    Path link = TMP.getRoot().toPath().resolve("link-to-output");
    Files.createSymbolicLink(link, out);
    assertThat(run(link.resolve("customer_mart"), out, "--archive"), equalTo(2));
    assertThat(lastOutput, containsString("--input must not lie inside --output"));
    assertThat(Files.exists(table.resolve("error_files")), equalTo(false));
    assertSameTables(OutputSnapshot.of(out));
  }

  @Test
  public void filesYoungerThanMinFileAgeWaitForALaterRun() throws Exception {
    Path input = copyOfLanding("young-landing");
    Path out = TMP.newFolder("young").toPath();
    assertThat(run(input, out, "--minFileAgeSeconds=3600"), equalTo(0));
    assertThat(lastOutput, containsString(" 0 rows read"));
    assertThat(lastOutput, containsString("younger than --minFileAgeSeconds left for a later run"));
    assertThat(runRecords(out).get(0).get("files_left_for_later").size(), greaterThan(3));
    assertThat(run(input, out), equalTo(0));
    assertSameTables(OutputSnapshot.of(out));
  }
}
