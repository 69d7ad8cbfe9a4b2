package io.salespipelines.transforms.cdc;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The watched folder: every kind of file, a file that arrives while it watches, the idle end (by a
 * clock the test moves), and resuming from a checkpoint.
 */
public class WatchFolderSourceTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  static void write(File file, String text) throws IOException {
    File temp = new File(file.getParentFile(), "." + file.getName() + ".tmp");
    try (OutputStream out =
        file.getName().endsWith(".gz") ? new GZIPOutputStream(new FileOutputStream(temp)) : new FileOutputStream(temp)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    Files.move(temp.toPath(), file.toPath(), StandardCopyOption.ATOMIC_MOVE);
  }

  /** A clock the test moves by hand; static, so that the copy a runner deserializes sees it too. */
  static final class HandClock implements WatchFolderSource.Clock {
    static final AtomicLong NOW = new AtomicLong();

    @Override
    public long millis() {
      return NOW.get();
    }
  }

  @Test
  public void readsEveryFileOnceAndEndsAtTheFirstListingWithNothingNew() throws Exception {
    File in = tmp.newFolder("in");
    write(new File(in, "a1.jsonl"), ChangeRecords.change("x1", "INSERT", "A", "1", 10, 1, "1") + "\n"
        + ChangeRecords.change("x2", "MODIFY", "A", "2", 20, 1, "1") + "\n");
    write(new File(in, "a2.json.gz"), ChangeRecords.change("x3", "INSERT", "B", "1", 30, 1, "1")
        + ChangeRecords.change("x4", "INSERT", "C", "1", 40, 1, "1"));
    write(new File(in, "a3.ndjson"), "{\"eventID\":\"x5\" oops\n" + ChangeRecords.change("x6", "INSERT", "D", "1", 40, 1, "1"));
    write(new File(in, "notes.txt"), "hello");
    write(new File(in, "_manifest.json"), "{}");
    new File(in, "processed").mkdirs();
    write(new File(in, "processed/old.json"), "{}");
    String done = tmp.newFolder("done").toString();

    // Idle for zero seconds: the source ends at the first listing after the last file that finds
    // nothing new, whatever the time; no test waits for a clock.
    PCollection<RawChange> read =
        p.apply(new ReadWatchedFolder(new WatchFolderSource(in.toString(), Duration.millis(10), Duration.ZERO, Set.of(), done)));
    PCollection<String> described =
        read.apply(MapElements.into(TypeDescriptors.strings()).via(r -> {
          String name = r.getSource().substring(r.getSource().lastIndexOf('/') + 1);
          String id = r.getText().replaceAll("(?s).*?\"eventID\":\"([^\"]*)\".*", "$1");
          return name + ":" + r.getLine() + ":" + (r.getRejectedAs() == null ? id : r.getRejectedAs());
        }));
    PAssert.that(described)
        .containsInAnyOrder(
            "a1.jsonl:1:x1", "a1.jsonl:2:x2", "a2.json.gz:1:x3", "a2.json.gz:1:x4", "a3.ndjson:1:malformed",
            "notes.txt:0:wrong_file_type");
    p.run().waitUntilFinish();
    assertThat(new File(done).list().length, equalTo(4));
  }

  @Test
  public void aFileOfAnyNameIsNotedSoThatItsKeyMatchesNextTime() throws Exception {
    File in = tmp.newFolder("named");
    List<String> names = List.of("new\nline.json", "tab\tname.json", "back\\slash.json", "caf\u00e9 \"q\".json", "plain.json");
    for (int i = 0; i < names.size(); i++) {
      write(new File(in, names.get(i)), ChangeRecords.change("n" + i, "INSERT", "A" + i, "1", 10, 1, "1") + "\n");
    }
    String done = tmp.newFolder("named-done").toString();
    p.apply(new ReadWatchedFolder(new WatchFolderSource(in.toString(), Duration.millis(10), Duration.ZERO, Set.of(), done)));
    p.run().waitUntilFinish();

    // What the next run skips (the keys read back from the notes) is what the folder lists.
    Set<String> noted = new java.util.HashSet<>();
    for (File note : new File(done).listFiles()) {
      noted.add(WatchFolderSource.keyNoted(Files.readString(note.toPath())));
    }
    Set<String> listed = new java.util.HashSet<>();
    WatchFolderSource.list(in.toString()).forEach(m -> listed.add(WatchFolderSource.ledgerKey(m)));
    assertThat(listed.size(), equalTo(names.size()));
    assertThat(noted, equalTo(listed));
  }

  @Test
  public void notesOfEarlierRunsAndOddKeysReadBack() {
    // A note as runs wrote it before keys were JSON strings.
    assertThat(WatchFolderSource.keyNoted("/in/a.json|3|5\n42\n"), equalTo("/in/a.json|3|5"));
    assertThat(WatchFolderSource.watermarkNoted("/in/a.json|3|5\n42\n"), equalTo(42L));
    String odd = "/in/x\n\r\t\\\"\u00e9\uD800.json|1|2";
    String note = WatchFolderSource.note(odd, 7);
    assertThat(note.chars().allMatch(c -> c < 128), equalTo(true));
    assertThat(WatchFolderSource.keyNoted(note), equalTo(odd));
    assertThat(WatchFolderSource.watermarkNoted(note), equalTo(7L));
  }

  @Test
  public void aFileThatComesWhileItWatchesIsReadAndIdleIsMeasuredFromTheLastNewFile() throws Exception {
    File in = tmp.newFolder("in");
    write(new File(in, "a.jsonl"), ChangeRecords.change("a", "INSERT", "A", "1", 10, 1, "1"));
    HandClock.NOW.set(1_000_000);
    WatchFolderSource source =
        new WatchFolderSource(in.toString(), Duration.millis(100), Duration.standardSeconds(10), Set.of(), null)
            .withClock(new HandClock());
    UnboundedSource.UnboundedReader<RawChangeBatch> reader = source.createReader(PipelineOptionsFactory.create(), null);
    assertThat(reader.start(), equalTo(true));
    assertThat(reader.getCurrent().getRecords().get(0).getText(), containsString("\"a\""));
    assertThat(reader.advance(), equalTo(false));
    // Nothing new, 9.9 s after the last new file: still watching.
    HandClock.NOW.addAndGet(9_900);
    assertThat(reader.advance(), equalTo(false));
    assertThat(reader.getWatermark().getMillis(), equalTo(10_000L));
    // A file arrives; it is read at the next listing, and the idle time starts again from it.
    write(new File(in, "b.jsonl"), ChangeRecords.change("b", "INSERT", "B", "1", 20, 1, "1"));
    HandClock.NOW.addAndGet(100);
    assertThat(reader.advance(), equalTo(true));
    assertThat(reader.getCurrent().getRecords().get(0).getText(), containsString("\"b\""));
    HandClock.NOW.addAndGet(9_900);
    assertThat(reader.advance(), equalTo(false));
    assertThat(reader.getWatermark().getMillis(), equalTo(20_000L));
    // 10 s without a new file, and a listing that says so: the source is done.
    HandClock.NOW.addAndGet(100);
    assertThat(reader.advance(), equalTo(false));
    assertThat(reader.getWatermark(), equalTo(BoundedWindow.TIMESTAMP_MAX_VALUE));
  }

  @Test
  public void aRecordBeyondTheFutureBoundDoesNotMoveTheWatermark() throws Exception {
    File in = tmp.newFolder("in");
    // The clock says 1000 s; the default bound (an hour) accepts event times up to 4600 s.
    HandClock.NOW.set(1_000_000);
    write(new File(in, "a.jsonl"), ChangeRecords.change("e1", "INSERT", "A", "1", 100, 1, "1") + "\n"
        + ChangeRecords.change("e2", "INSERT", "B", "1", 4601, 1, "1") + "\n"
        + ChangeRecords.change("e3", "INSERT", "C", "1", 32_503_680_000L, 1, "1") + "\n");
    write(new File(in, "b.jsonl"), ChangeRecords.change("e4", "INSERT", "D", "1", 4600, 1, "1"));
    write(new File(in, "c.jsonl"), ChangeRecords.change("e5", "INSERT", "E", "1", 200, 1, "1"));
    String done = tmp.newFolder("done").toString();
    WatchFolderSource source =
        new WatchFolderSource(in.toString(), Duration.ZERO, null, Set.of(), done).withClock(new HandClock());
    UnboundedSource.UnboundedReader<RawChangeBatch> reader = source.createReader(PipelineOptionsFactory.create(), null);
    List<String> seen = new ArrayList<>();
    for (boolean more = reader.start(); more; more = reader.advance()) {
      for (RawChange r : reader.getCurrent().getRecords()) {
        seen.add(r.getText().substring(12, 14) + "@" + r.getSourceWatermarkMillis());
      }
    }
    // The year-3000 record and the one a second past the bound leave the watermark at 100 s; the
    // one just within it moves it.
    assertThat(seen.subList(3, 5), contains("e4@100000", "e5@4600000"));
    assertThat(reader.getWatermark().getMillis(), equalTo(4_600_000L));
    List<Long> noted = new ArrayList<>();
    for (File note : new File(done).listFiles()) {
      noted.add(WatchFolderSource.watermarkNoted(Files.readString(note.toPath())));
    }
    assertThat(noted.stream().sorted().collect(java.util.stream.Collectors.toList()),
        contains(100_000L, 4_600_000L, 4_600_000L));
  }

  @Test
  public void aReaderRebuiltFromItsCheckpointGoesOnWhereItStopped() throws Exception {
    File in = tmp.newFolder("in");
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 5; i++) {
      text.append(ChangeRecords.change("e" + i, "INSERT", "O" + i, "1", 100 * i, 1, "1")).append('\n');
    }
    write(new File(in, "a.jsonl"), text.toString());
    write(new File(in, "b.jsonl"), ChangeRecords.change("e6", "INSERT", "O6", "1", 600, 1, "1"));
    WatchFolderSource source = new WatchFolderSource(in.toString(), Duration.ZERO, Duration.ZERO, Set.of(), null);
    UnboundedSource.UnboundedReader<RawChangeBatch> first = source.createReader(PipelineOptionsFactory.create(), null);
    assertThat(first.start(), equalTo(true));
    assertThat(first.getCurrent().getRecords().size(), equalTo(5));
    assertThat(first.getCurrentTimestamp().getMillis(), equalTo(100_000L));
    // As if the checkpoint had been taken two records into a.jsonl.
    WatchFolderSource.Checkpoint mark = (WatchFolderSource.Checkpoint) first.getCheckpointMark();
    String a = mark.current;
    mark.consumedInCurrent = 2;
    UnboundedSource.UnboundedReader<RawChangeBatch> second = source.createReader(PipelineOptionsFactory.create(), mark);
    List<String> seen = new ArrayList<>();
    for (boolean more = second.start(); more; more = second.advance()) {
      for (RawChange r : second.getCurrent().getRecords()) {
        seen.add(r.getSource().endsWith("b.jsonl") ? "b" : r.getLine() + "@" + r.getEventTimeMillis());
      }
    }
    assertThat(a, org.hamcrest.Matchers.containsString("a.jsonl"));
    assertThat(seen, contains("3@300000", "4@400000", "5@500000", "b"));
    // Both files done and nothing new: the source says it is finished.
    assertThat(second.getWatermark(), equalTo(BoundedWindow.TIMESTAMP_MAX_VALUE));
  }

  /** A file is read batch by batch (the reader holds a batch, not the file), and done after its last. */
  @Test
  public void aFileOfMoreRecordsThanABatchComesInBatchesAndIsDoneAfterItsLast() throws Exception {
    File in = tmp.newFolder("in");
    StringBuilder text = new StringBuilder();
    int records = 2 * WatchFolderSource.Reader.BATCH + 1;
    for (int i = 1; i <= records; i++) {
      text.append(ChangeRecords.change("e" + i, "INSERT", "O" + i, "1", 100 + i, 1, "1"));
    }
    write(new File(in, "firehose.json.gz"), text.toString());
    WatchFolderSource source = new WatchFolderSource(in.toString(), Duration.ZERO, Duration.ZERO, Set.of(), null);
    UnboundedSource.UnboundedReader<RawChangeBatch> reader = source.createReader(PipelineOptionsFactory.create(), null);
    List<Integer> sizes = new ArrayList<>();
    List<Integer> consumed = new ArrayList<>();
    for (boolean more = reader.start(); more; more = reader.advance()) {
      sizes.add(reader.getCurrent().getRecords().size());
      WatchFolderSource.Checkpoint mark = (WatchFolderSource.Checkpoint) reader.getCheckpointMark();
      consumed.add(mark.done.isEmpty() ? mark.consumedInCurrent : -1);
    }
    assertThat(sizes, contains(WatchFolderSource.Reader.BATCH, WatchFolderSource.Reader.BATCH, 1));
    assertThat(consumed, contains(WatchFolderSource.Reader.BATCH, 2 * WatchFolderSource.Reader.BATCH, records));
    WatchFolderSource.Checkpoint end = (WatchFolderSource.Checkpoint) reader.getCheckpointMark();
    assertThat(end.done.size(), equalTo(1));
    assertThat(reader.getWatermark(), equalTo(BoundedWindow.TIMESTAMP_MAX_VALUE));
  }
}
