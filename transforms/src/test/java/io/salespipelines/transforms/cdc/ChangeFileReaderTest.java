package io.salespipelines.transforms.cdc;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;


import java.io.File;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.io.FileSystems;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ChangeFileReaderTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private List<RawChange> read(File file) throws Exception {
    return ChangeFileReader.read(FileSystems.matchNewResource(file.getPath(), false));
  }

  private static String summary(RawChange r) {
    return r.getLine() + ":" + r.getRejectedAs();
  }

  @Test
  public void aRecordThatIsNotUtf8IsInvalidEncodingWithItsBytesShownAndItsNeighboursGoOn() throws Exception {
    // Latin-1 é and è: decoded with replacement characters, evt-\xE9 and evt-\xE8 were one eventID.
    File f = tmp.newFile("latin1.jsonl");
    byte[] e9 = "{\"eventID\":\"evt-\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] e8 = "{\"eventID\":\"evt-\u00e8\",\"p\":\"a\\\\b\"}\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] ok = "{\"eventID\":\"caf\u00e9\"}{\"eventID\":\"\ufffd\"}\n".getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = new FileOutputStream(f)) {
      out.write(e9);
      out.write(e8);
      out.write(ok);
    }
    List<RawChange> records = read(f);
    assertThat(records.stream().map(ChangeFileReaderTest::summary).collect(Collectors.toList()),
        contains("1:invalid_encoding", "2:invalid_encoding", "3:null", "3:null"));
    assertThat(records.get(0).getText(), equalTo("{\"eventID\":\"evt-\\xE9\"}"));
    assertThat(records.get(0).getMessage(),
        equalTo("bytes that are not UTF-8 (at byte 17 of the record; shown as \\xNN in raw)"));
    assertThat(records.get(1).getText(), equalTo("{\"eventID\":\"evt-\\xE8\",\"p\":\"a\\\\\\\\b\"}"));
    assertThat(records.get(2).getText(), equalTo("{\"eventID\":\"caf\u00e9\"}"));
    // A U+FFFD that is in the file as proper UTF-8 is data like any other.
    assertThat(records.get(3).getText(), equalTo("{\"eventID\":\"\ufffd\"}"));
  }

  @Test
  public void aMultiLineRecordThatIsNotUtf8IsOneDeadLetterAndTheNextRecordIsRead() throws Exception {
    File f = tmp.newFile("pretty.json");
    Files.write(f.toPath(), "{\n  \"eventID\": \"evt-\u00e9\"\n}\n{\"b\":2}\n".getBytes(StandardCharsets.ISO_8859_1));
    List<RawChange> records = read(f);
    assertThat(records.stream().map(ChangeFileReaderTest::summary).collect(Collectors.toList()),
        contains("1:invalid_encoding", "4:null"));
    assertThat(records.get(0).getText(), equalTo("{\n  \"eventID\": \"evt-\\xE9\"\n}"));
  }

  /**
   * Firehose writes records back to back, often with no line break in a whole object: every one
   * is a record (a splitter that cut lines first made a 2.4 MB such line one malformed record).
   */
  @Test
  public void recordsBackToBackOnOneLongLineAreEachARecord() throws Exception {
    File f = tmp.newFile("firehose.json");
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < 30_000; i++) {
      line.append("{\"eventID\":\"evt-").append(i).append("\",\"pad\":\"").append("x".repeat(60)).append("\"}");
    }
    Files.writeString(f.toPath(), line.toString());
    List<RawChange> records = read(f);
    assertThat(records.size(), equalTo(30_000));
    assertThat(records.stream().filter(r -> r.getRejectedAs() != null).count(), equalTo(0L));
    assertThat(records.get(29_999).getText(), containsString("evt-29999"));
  }

  @Test
  public void aCorruptGzipKeepsTheRecordsBeforeTheBreak() throws Exception {
    File f = tmp.newFile("cut.json.gz");
    java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(whole)) {
      out.write("{\"a\":1}\n{\"b\":2}\n".repeat(2000).getBytes(StandardCharsets.UTF_8));
    }
    byte[] bytes = whole.toByteArray();
    Files.write(f.toPath(), java.util.Arrays.copyOf(bytes, bytes.length - 10));
    List<RawChange> records = read(f);
    RawChange last = records.get(records.size() - 1);
    assertThat(last.getRejectedAs(), equalTo("malformed"));
    assertThat(records.size() > 1000, equalTo(true));
    assertThat(records.get(0).getRejectedAs(), nullValue());
  }

  @Test
  public void jsonLinesBackToBackAndMultiLineRecords() throws Exception {
    String text = "{\"a\":1}\n\n{\"b\":\n  2}{\"c\":3}\r\n  {\"d\":\"}{\"}\n";
    List<RawChange> records = ChangeFileReader.split("f", text);
    assertThat(
        records.stream().map(r -> r.getLine() + ":" + r.getText()).collect(Collectors.toList()),
        contains("1:{\"a\":1}", "3:{\"b\":\n  2}", "4:{\"c\":3}", "5:{\"d\":\"}{\"}"));
    assertThat(records.get(0).getRejectedAs(), nullValue());
  }

  @Test
  public void aParseErrorEndsTheFileAndItsRestIsOneMalformedRecord() throws Exception {
    String text = "{\"a\":1}\n{\"b\":2\n{\"c\":3}\n{\"d\":4}\n";
    List<RawChange> records = ChangeFileReader.split("f", text);
    assertThat(records.size(), equalTo(2));
    RawChange rest = records.get(1);
    assertThat(rest.getRejectedAs(), equalTo("malformed"));
    assertThat(rest.getLine(), equalTo(2L));
    assertThat(rest.getText(), equalTo("{\"b\":2\n{\"c\":3}\n{\"d\":4}\n"));
    assertThat(rest.getMessage(), containsString("line 3"));
  }

  @Test
  public void recordsBeyondJacksonsLimitsAreSplitForTheParserToReject() throws Exception {
    // Jackson's default limits (numbers of 1000 digits, nesting of 1000 levels) are the parser's
    // business, not the splitter's: each such record is one record, and its neighbours go on.
    String longNumber = "{\"n\":" + "9".repeat(1001) + "}";
    String deep = "{\"d\":" + "[".repeat(1001) + "]".repeat(1001) + "}";
    List<RawChange> records = ChangeFileReader.split("f", "{\"a\":1}\n" + longNumber + "\n" + deep + "\n{\"b\":2}\n");
    assertThat(
        records.stream().map(r -> r.getLine() + ":" + r.getRejectedAs()).collect(Collectors.toList()),
        contains("1:null", "2:null", "3:null", "4:null"));
    assertThat(records.get(2).getText(), equalTo(deep));
  }

  @Test
  public void nestingBeyondTheSplittersLimitEndsTheFileWithALineNumber() throws Exception {
    int depth = ChangeFileReader.MAX_NESTING + 1;
    String text = "{\"a\":1}\n{\"d\":" + "[".repeat(depth) + "]".repeat(depth) + "}\n{\"b\":2}\n";
    List<RawChange> records = ChangeFileReader.split("f", text);
    assertThat(records.size(), equalTo(2));
    RawChange rest = records.get(1);
    assertThat(rest.getRejectedAs(), equalTo("malformed"));
    assertThat(rest.getLine(), equalTo(2L));
    assertThat(rest.getMessage(), containsString("line 2"));
    assertThat(rest.getMessage(), containsString("nesting depth"));
  }

  @Test
  public void valuesThatAreNotObjectsAreKeptForTheParserToReject() throws Exception {
    List<RawChange> records = ChangeFileReader.split("f", "[1,2]\n42\n\"x\"\n");
    assertThat(
        records.stream().map(RawChange::getText).collect(Collectors.toList()), contains("[1,2]", "42", "\"x\""));
  }

  @Test
  public void aByteOrderMarkIsNotPartOfTheFirstRecord() throws Exception {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body = "{\"a\":1}\n{\"b\":2}\n".getBytes(StandardCharsets.UTF_8);
    List<RawChange> records = read("f", concat(bom, body), ChangeFileReader.MAX_RECORD_BYTES);
    assertThat(records.stream().map(r -> r.getLine() + ":" + r.getText()).collect(Collectors.toList()),
        contains("1:{\"a\":1}", "2:{\"b\":2}"));
    List<RawChange> broken = read("f", concat(bom, "{\"a\" 1}\n".getBytes(StandardCharsets.UTF_8)),
        ChangeFileReader.MAX_RECORD_BYTES);
    assertThat(broken.get(0).getText(), equalTo("{\"a\" 1}\n"));
  }

  @Test
  public void zeroBytesUpFrontEndTheFileAsMalformedWithTheirBytes() throws Exception {
    // Without a check, the parser would take 00 00 00 7B for UTF-32 and give no byte offsets.
    byte[] utf32ish = {0, 0, 0, '{', 0, 0, 0, '}'};
    List<RawChange> records = read("f", utf32ish, ChangeFileReader.MAX_RECORD_BYTES);
    assertThat(records.size(), equalTo(1));
    assertThat(records.get(0).getRejectedAs(), equalTo("malformed"));
    assertThat(records.get(0).getText(), equalTo("\u0000\u0000\u0000{\u0000\u0000\u0000}"));
  }

  /** Characters of 2 to 4 bytes on every side of the 64 KiB reads, and a sequence the file's end cuts. */
  @Test
  public void utf8SequencesAcrossReadBoundariesAreWholeAndACutOneAtTheEndIsNot() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      text.append("{\"eventID\":\"").append(i).append("\u00e9\u20ac\ud83d\ude00\"}\n");
    }
    byte[] whole = text.toString().getBytes(StandardCharsets.UTF_8);
    byte[] cut = "{\"eventID\":\"x\"}{\"eventID\":\"\u20ac".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = concat(whole, java.util.Arrays.copyOf(cut, cut.length - 1));
    List<RawChange> records = read("f", bytes, ChangeFileReader.MAX_RECORD_BYTES);
    assertThat(records.size(), equalTo(20_002));
    for (int i = 0; i < 20_000; i++) {
      assertThat(records.get(i).getText(), equalTo("{\"eventID\":\"" + i + "\u00e9\u20ac\ud83d\ude00\"}"));
    }
    assertThat(records.get(20_000).getRejectedAs(), nullValue());
    // The last record is cut inside its euro sign: its bytes show, and the file ends there.
    assertThat(records.get(20_001).getRejectedAs(), equalTo("malformed"));
    assertThat(records.get(20_001).getText(), equalTo("{\"eventID\":\"\\xE2\\x82"));
  }

  /** The splitter's UTF-8 check agrees with Java's strict decoder on every short byte sequence tried. */
  @Test
  public void theUtf8CheckAgreesWithJavasDecoder() {
    java.util.Random random = new java.util.Random(7);
    int[] interesting = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
        0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
    for (int round = 0; round < 200_000; round++) {
      byte[] bytes = new byte[1 + random.nextInt(4)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) interesting[random.nextInt(interesting.length)];
      }
      boolean ours = true;
      for (int p = 0; p < bytes.length && ours; ) {
        int unit = io.salespipelines.transforms.parse.CheckedBytes.utf8Unit(bytes, p, bytes.length, true);
        ours = unit > 0;
        p += Math.abs(unit);
      }
      boolean strict;
      try {
        StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
        strict = true;
      } catch (java.nio.charset.CharacterCodingException e) {
        strict = false;
      }
      assertThat(java.util.Arrays.toString(bytes), ours, equalTo(strict));
    }
  }

  @Test
  public void aRecordLongerThanTheLimitEndsTheFileAndTheRecordsBeforeItStand() throws Exception {
    String big = "{\"eventID\":\"big\",\"pad\":\"" + "x".repeat(400_000) + "\"}";
    byte[] bytes = ("{\"a\":1}\n" + big + "\n{\"b\":2}\n").getBytes(StandardCharsets.UTF_8);
    List<RawChange> records = read("f", bytes, 1000);
    assertThat(records.size(), equalTo(2));
    assertThat(records.get(0).getText(), equalTo("{\"a\":1}"));
    RawChange rest = records.get(1);
    assertThat(rest.getRejectedAs(), equalTo("malformed"));
    assertThat(rest.getLine(), equalTo(2L));
    assertThat(rest.getText(), startsWith("{\"eventID\":\"big\""));
    assertThat(rest.getMessage(), containsString("a record longer than"));
    // With the usual limit, the same record is one record.
    assertThat(read("f", bytes, ChangeFileReader.MAX_RECORD_BYTES).size(), equalTo(3));
  }

  /**
   * A file is read as a stream: 3 GiB in one record (a gzip bomb's shape; more than a Java array
   * holds) costs one dead letter after the first MiBs, not the heap, and the record before it is
   * given before the rest is read.
   */
  @Test
  public void aHugeRecordIsNotHeldInMemory() throws Exception {
    byte[] head = "{\"a\":1}\n{\"eventID\":\"bomb\",\"pad\":\"".getBytes(StandardCharsets.UTF_8);
    long size = 3L << 30;
    CountingInput in = new CountingInput(head, size);
    try (ChangeFileReader.Cursor cursor = new ChangeFileReader.Cursor("f", in, false, ChangeFileReader.MAX_RECORD_BYTES)) {
      RawChange first = cursor.next();
      assertThat(first.getText(), equalTo("{\"a\":1}"));
      assertThat(in.read < (1 << 20), equalTo(true));
      RawChange bomb = cursor.next();
      assertThat(bomb.getRejectedAs(), equalTo("malformed"));
      assertThat(bomb.getLine(), equalTo(2L));
      assertThat(bomb.getMessage(), containsString("a record longer than 16 MiB"));
      assertThat(bomb.getText().length() <= io.salespipelines.schemas.DeadLetter.MAX_RAW_CHARS, equalTo(true));
      assertThat(cursor.next(), nullValue());
      assertThat("bytes read of " + size, in.read < 40L << 20, equalTo(true));
    }
  }

  /** Megabytes of blank lines between records are no record: they are not held, and lines still count. */
  @Test
  public void blanksLongerThanTheRecordLimitAreNotARecord() throws Exception {
    String blanks = "\n".repeat(1000) + " ".repeat(3 << 20);
    String text = "{\"a\":1}" + blanks + "{\"b\":2}" + blanks + "{\"c\" 3}\n{\"d\":4}\n";
    List<RawChange> records = read("f", text.getBytes(StandardCharsets.UTF_8), 1 << 20);
    assertThat(records.stream().map(r -> r.getLine() + ":" + r.getRejectedAs()).collect(Collectors.toList()),
        contains("1:null", "1001:null", "2001:malformed"));
    assertThat(records.get(1).getText(), equalTo("{\"b\":2}"));
    assertThat(records.get(2).getText(), equalTo("{\"c\" 3}\n{\"d\":4}\n"));
  }

  /** {@code head}, then {@code x} up to {@code size} bytes, made as read; counts what was read. */
  private static final class CountingInput extends java.io.InputStream {
    private final byte[] head;
    private final long size;
    long read;

    CountingInput(byte[] head, long size) {
      this.head = head;
      this.size = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0];
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (read >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - read);
      for (int i = 0; i < n; i++) {
        long at = read + i;
        b[off + i] = at < head.length ? head[(int) at] : (byte) 'x';
      }
      read += n;
      return n;
    }
  }

  private static List<RawChange> read(String source, byte[] bytes, int maxRecordBytes) throws Exception {
    return ChangeFileReader.read(source, new java.io.ByteArrayInputStream(bytes), false, maxRecordBytes);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  @Test
  public void fileTypes() {
    assertThat(ChangeFileReader.isChangeFile("a.JSON.GZ"), equalTo(true));
    assertThat(ChangeFileReader.isChangeFile("a.ndjson"), equalTo(true));
    assertThat(ChangeFileReader.isChangeFile("a.csv"), equalTo(false));
    assertThat(ChangeFileReader.isIgnored("_manifest.json"), equalTo(true));
    assertThat(ChangeFileReader.isIgnored(".part.json"), equalTo(true));
  }
}
