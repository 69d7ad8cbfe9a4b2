package io.salespipelines.transforms.parse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;

import io.salespipelines.transforms.testing.TestFiles;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class PlanFileRangesTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final FileHead SALES = new ParseSalesFile.SalesFileHead();

  @Test
  public void rangesStartAtRecordStartsWithTheirLinesAndCoverTheFile() throws Exception {
    SplitSample sample = new SplitSample("s.csv", 200);
    String path = TestFiles.writeBytes(tmp, "s.csv", sample.bytes());
    List<FileRange> ranges = PlanFileRanges.plan(path, SALES, 300);
    byte[] bytes = sample.bytes();

    Map<Long, Long> lineAt = new HashMap<>();
    sample.recordStarts.forEach(s -> lineAt.put(s[0], s[1]));
    assertThat(ranges.size(), greaterThan(10));
    assertThat(ranges.get(0).from, equalTo(0L));
    assertThat(ranges.get(0).line, equalTo(1L));
    assertThat(ranges.get(ranges.size() - 1).to, equalTo(RecordRange.END));
    for (int i = 0; i < ranges.size(); i++) {
      FileRange r = ranges.get(i);
      assertThat(r.index, equalTo(i));
      assertThat(r.count, equalTo(ranges.size()));
      assertThat(r.head, equalTo(SplitSample.HEADER));
      if (i > 0) {
        assertThat("range " + i + " starts where the one before ends", r.from, equalTo(ranges.get(i - 1).to));
        // A range starts at a record, or at blank lines in front of one.
        int at = (int) r.from;
        long line = r.line;
        while (bytes[at] == '\n') {
          at++;
          line++;
        }
        assertThat("range " + i + " starts at a record, with its line", lineAt.get((long) at), equalTo(line));
      }
    }
  }

  @Test
  public void aQuotedFieldAcrossTheSplitPointStaysInOneRange() throws Exception {
    SplitSample sample = new SplitSample("q.csv", 40);
    String path = TestFiles.writeBytes(tmp, "q.csv", sample.bytes());
    // Record 5 has a note that spans two lines; the split point is its inner line break, where a
    // reader that seeks the next newline would start a range in the middle of the quotes.
    long record5 = sample.recordStarts.get(4)[0];
    String text = new String(sample.bytes(), StandardCharsets.UTF_8);
    long innerBreak = record5 + text.substring((int) record5).indexOf('\n');
    List<FileRange> ranges = PlanFileRanges.plan(path, SALES, innerBreak);

    assertThat(ranges.size(), greaterThan(1));
    long[] record6 = sample.recordStarts.get(5);
    assertThat(ranges.get(1).from, equalTo(record6[0]));
    assertThat(ranges.get(1).line, equalTo(record6[1]));
    assertThat(ranges.get(0).to, equalTo(record6[0]));
  }

  @Test
  public void smallCompressedOrRejectedFilesAreOneRange() throws Exception {
    SplitSample sample = new SplitSample("x.csv", 100);
    String small = TestFiles.writeBytes(tmp, "small.csv", sample.bytes());
    String gzip = TestFiles.writeGzip(tmp, "g.csv.gz", sample.content);
    String badHeader =
        TestFiles.write(tmp, "bad.csv", sample.content.replace("store_id,", "shop_id,"));
    String utf16 = TestFiles.writeBytes(tmp, "u.csv", sample.content.getBytes(StandardCharsets.UTF_16));
    String missing = tmp.getRoot() + "/missing.csv";

    assertThat(PlanFileRanges.plan(small, SALES, sample.bytes().length), hasSize(1));
    for (String path : List.of(gzip, badHeader, utf16, missing)) {
      List<FileRange> ranges = PlanFileRanges.plan(path, SALES, 100);
      assertThat(path, ranges, hasSize(1));
      assertThat(ranges.get(0).from, equalTo(0L));
      assertThat(ranges.get(0).to, equalTo(RecordRange.END));
    }
    assertThat(PlanFileRanges.plan(small, SALES, 100).size(), greaterThan(1));
  }
}
