package io.salespipelines.pipelines.cdc;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The ledger of change files read: one file per clean run instead of one note per file read. */
public class CdcFileLedgerTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final long NOW = 2_000_000_000_000L;

  private String output() {
    return tmp.getRoot().toString() + "/";
  }

  private Path run(String runId) throws Exception {
    Path folder = tmp.getRoot().toPath().resolve(CdcFileLedger.FILES_STATE + runId);
    Files.createDirectories(folder);
    return folder;
  }

  private static void note(Path run, String name, String key, long watermark) throws Exception {
    // As WatchFolderSource notes a finished file: the key as a JSON string, then the watermark.
    String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(key);
    Files.writeString(run.resolve(name + ".done"), json + "\n" + watermark + "\n", StandardCharsets.UTF_8);
  }

  private void deleteNotes() throws Exception {
    try (Stream<Path> files = Files.walk(tmp.getRoot().toPath())) {
      for (Path p : files.filter(p -> p.toString().endsWith(".done")).toArray(Path[]::new)) {
        Files.delete(p);
      }
    }
  }

  @Test
  public void aCleanRunsLedgerStandsForEveryNoteBeforeIt() throws Exception {
    Path r1 = run("r1");
    note(r1, "a", "/in/a.json|10|1", 1_000);
    note(r1, "b", "/in/b.json|10|2", 3_000);
    CdcFileLedger.writeFor(output(), "r1", NOW);
    CdcFileLedger.markComplete(output(), "r1");
    Path r2 = run("r2");
    note(r2, "c", "/in/naïve\nc.json|10|3", 2_000);
    CdcFileLedger.writeFor(output(), "r2", NOW);
    CdcFileLedger.markComplete(output(), "r2");
    // The notes are no longer needed to know what was read (nor read: here they are gone).
    deleteNotes();
    CdcFileLedger ledger = CdcFileLedger.read(output(), NOW);
    assertThat(ledger.keys, containsInAnyOrder("/in/a.json|10|1", "/in/b.json|10|2", "/in/naïve\nc.json|10|3"));
    assertThat(ledger.watermarkMillis, equalTo(3_000L));
    assertThat(ledger.runs, containsInAnyOrder("r1", "r2"));
  }

  @Test
  public void runsTheLedgerDoesNotCoverAreReadFromTheirNotesAndUnfinishedOnesNotAtAll() throws Exception {
    Path r1 = run("r1");
    note(r1, "a", "/in/a.json|10|1", 1_000);
    CdcFileLedger.writeFor(output(), "r1", NOW);
    CdcFileLedger.markComplete(output(), "r1");
    // A clean run of a version before ledgers: notes and _COMPLETE only.
    Path old = run("old");
    note(old, "b", "/in/b.json|10|2", 5_000);
    CdcFileLedger.markComplete(output(), "old");
    // A run killed before its _COMPLETE: its ledger and notes do not count; its files are read again.
    Path killed = run("killed");
    note(killed, "c", "/in/c.json|10|3", 9_000);
    CdcFileLedger.writeFor(output(), "killed", NOW);
    CdcFileLedger ledger = CdcFileLedger.read(output(), NOW);
    assertThat(ledger.keys, containsInAnyOrder("/in/a.json|10|1", "/in/b.json|10|2"));
    assertThat(ledger.watermarkMillis, equalTo(5_000L));
  }

  @Test
  public void aLedgerCutShortIsIgnoredForTheNotes() throws Exception {
    Path r1 = run("r1");
    note(r1, "a", "/in/a.json|10|1", 1_000);
    note(r1, "b", "/in/b.json|10|2", 2_000);
    CdcFileLedger.writeFor(output(), "r1", NOW);
    CdcFileLedger.markComplete(output(), "r1");
    Path file = r1.resolve(CdcFileLedger.LEDGER);
    List<String> lines = Files.readAllLines(file);
    Files.write(file, lines.subList(0, lines.size() - 1));
    CdcFileLedger ledger = CdcFileLedger.read(output(), NOW);
    assertThat(ledger.keys, containsInAnyOrder("/in/a.json|10|1", "/in/b.json|10|2"));
  }

  @Test
  public void aLedgerWhoseWatermarkIsBeyondTheBoundIsIgnoredForTheNotes() throws Exception {
    Path r1 = run("r1");
    note(r1, "a", "/in/a.json|10|1", 1_000);
    note(r1, "far", "/in/far.json|10|2", 9_000);
    CdcFileLedger.writeFor(output(), "r1", 10_000);
    CdcFileLedger.markComplete(output(), "r1");
    // Read with a bound before 9,000 (the clock went back): the note at 1,000 is where it stood.
    CdcFileLedger ledger = CdcFileLedger.read(output(), 5_000);
    assertThat(ledger.watermarkMillis, equalTo(1_000L));
    assertThat(ledger.keys.size(), equalTo(2));
    assertThat(new File(r1.toFile(), CdcFileLedger.LEDGER).exists(), equalTo(true));
  }

  /** A clean run's commit leaves one ledger: a start reads that one, not one per run. */
  @Test
  public void aCommitDropsTheLedgersItCovers() throws Exception {
    for (String runId : List.of("r1", "r2", "r3")) {
      note(run(runId), "n", "/in/" + runId + ".json|10|1", 1_000);
      CdcFileLedger.commit(output(), runId, NOW);
    }
    try (Stream<Path> files = Files.walk(tmp.getRoot().toPath())) {
      assertThat(files.filter(p -> p.getFileName().toString().equals(CdcFileLedger.LEDGER))
          .map(p -> p.getParent().getFileName().toString()).collect(java.util.stream.Collectors.toList()),
          equalTo(List.of("r3")));
    }
    assertThat(CdcFileLedger.read(output(), NOW).keys,
        containsInAnyOrder("/in/r1.json|10|1", "/in/r2.json|10|1", "/in/r3.json|10|1"));
  }
}
