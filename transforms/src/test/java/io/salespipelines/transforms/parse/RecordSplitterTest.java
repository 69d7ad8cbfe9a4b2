package io.salespipelines.transforms.parse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class RecordSplitterTest {

  /** Each record as "line-endLine:text" (text decoded), with "+" when unterminated. */
  private static List<String> split(String text, boolean csv, int maxBytes) throws IOException {
    return split(text.getBytes(StandardCharsets.UTF_8), csv, maxBytes);
  }

  private static List<String> split(byte[] bytes, boolean csv, int maxBytes) throws IOException {
    List<String> out = new ArrayList<>();
    try (RecordSplitter s = new RecordSplitter(new ByteArrayInputStream(bytes), csv, maxBytes)) {
      for (RawRecord r; (r = s.next()) != null; ) {
        String text = r.oversized() ? r.cutText() + "...(" + r.length + ")" : r.text();
        out.add(r.line + "-" + r.endLine + ":" + text + (r.terminated ? "" : "+"));
      }
    }
    return out;
  }

  @Test
  public void csvRecordsMaySpanLinesAndAreNumberedByTheirFirstLine() throws Exception {
    assertThat(
        split("a,b\r\n1,\"x\r\ny\"\r\n\r\n2,\"q,\"\"u\"\"\"\n3,z", true, 100),
        contains("1-1:a,b", "2-3:1,\"x\r\ny\"", "5-5:2,\"q,\"\"u\"\"\"", "6-6:3,z+"));
  }

  @Test
  public void everyKindOfLineBreakCountsOnce() throws Exception {
    // LF, CRLF and a lone CR end a record; inside quotes each counts as one line too.
    assertThat(
        split("a\nb\r\nc\rd\n\"e\rf\nx\r\ny\"\ng", true, 100),
        contains("1-1:a", "2-2:b", "3-3:c", "4-4:d", "5-8:\"e\rf\nx\r\ny\"", "9-9:g+"));
  }

  @Test
  public void aQuoteInsideAnUnquotedFieldIsTextAsForFastCsv() throws Exception {
    // 'ab"c' does not open a quoted field, so the line break ends the record.
    assertThat(split("x,ab\"c\ny,ok\n", true, 100), contains("1-1:x,ab\"c", "2-2:y,ok"));
    // After a closing quote, another quote opens quoting again ("a"b"c,d" is one field).
    assertThat(split("\"a\"b\"c\nd\"\ne\n", true, 100), contains("1-2:\"a\"b\"c\nd\"", "3-3:e"));
  }

  @Test
  public void aQuoteNeverClosedRunsToTheEndOfTheFile() throws Exception {
    List<String> r = split("a,b\n\"open,3\n4,5\n", true, 100);
    assertThat(r, contains("1-1:a,b", "2-4:\"open,3\n4,5\n+"));
  }

  @Test
  public void jsonLinesIgnoreQuotes() throws Exception {
    assertThat(split("{\"a\":\"x\n{\"b\":1}\r\n\n", false, 100), contains("1-1:{\"a\":\"x", "2-2:{\"b\":1}"));
  }

  @Test
  public void anOversizedRecordKeepsItsFirstBytesAndTheRestKeepTheirLines() throws Exception {
    String big = "\"" + "x".repeat(50) + "\n" + "y".repeat(50) + "\"";
    assertThat(
        split("h\n" + big + ",1\nnext\n", true, 10),
        contains("1-1:h", "2-3:\"xxxxxxxxx...(105)", "4-4:next"));
  }

  @Test
  public void aUtf8ByteOrderMarkIsDroppedAndOthersAreNamed() throws Exception {
    assertThat(split("\uFEFFid,v\n1,2\n", true, 100), contains("1-1:id,v", "2-2:1,2"));
    byte[] utf16 = {(byte) 0xFF, (byte) 0xFE, 'a', 0};
    try (RecordSplitter s = new RecordSplitter(new ByteArrayInputStream(utf16), true, 100)) {
      assertThat(s.foreignEncoding(), equalTo("UTF-16LE (it starts with the byte order mark FF FE)"));
    }
    try (RecordSplitter s = new RecordSplitter(new ByteArrayInputStream("a".getBytes()), true, 100)) {
      assertThat(s.foreignEncoding(), nullValue());
    }
  }

  @Test
  public void aCutMultiByteCharacterIsDroppedFromTheKeptText() throws Exception {
    // Five bytes kept: "ab" and the first three bytes of a four-byte emoji.
    assertThat(split("ab\uD83D\uDE00cd\n", false, 5), contains("1-1:ab...(8)"));
  }

  @Test
  public void longInputKeepsLineNumbers() throws Exception {
    StringBuilder text = new StringBuilder("h1,h2\n");
    for (int i = 0; i < 20_000; i++) {
      text.append(i).append(",\"v\n").append(i).append("\"\n");
    }
    List<String> r = split(text.toString(), true, 1000);
    assertThat(r.size(), equalTo(20_001));
    assertThat(r.get(20_000), equalTo((2 + 2 * 19_999) + "-" + (3 + 2 * 19_999) + ":19999,\"v\n19999\""));
  }

  @Test
  public void theRecordInProgressIsAvailableAfterABreak() throws Exception {
    InputStream breaking =
        new InputStream() {
          private final byte[] data = "a,b\n1,2\n3,".getBytes(StandardCharsets.UTF_8);
          private int pos;

          @Override
          public int read() throws IOException {
            if (pos == data.length) {
              throw new IOException("broken");
            }
            return data[pos++];
          }
        };
    RecordSplitter s = new RecordSplitter(breaking, true, 100);
    assertThat(s.next().text(), equalTo("a,b"));
    assertThat(s.next().text(), equalTo("1,2"));
    try {
      s.next();
    } catch (IOException expected) {
      assertThat(s.currentLine(), equalTo(3L));
      assertThat(s.partial().cutText(), equalTo("3,"));
      return;
    }
    throw new AssertionError("no break");
  }

  @Test
  public void invalidBytesAreShownEscapedAndBackslashesDoubled() throws Exception {
    byte[] bytes = {'J', 'o', 's', (byte) 0xE9, ' ', '\\', 'x', 'E', '9', '\n'};
    try (RecordSplitter s = new RecordSplitter(new ByteArrayInputStream(bytes), false, 100)) {
      RawRecord r = s.next();
      assertThat(r.text(), nullValue());
      assertThat(r.escapedText(), equalTo("Jos\\xE9 \\\\xE9"));
      assertThat(r.firstInvalidByte(), equalTo(3));
    }
  }
}
