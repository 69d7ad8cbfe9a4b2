package io.salespipelines.transforms.cdc;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;


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
  public void fileTypes() {
    assertThat(ChangeFileReader.isChangeFile("a.JSON.GZ"), equalTo(true));
    assertThat(ChangeFileReader.isChangeFile("a.ndjson"), equalTo(true));
    assertThat(ChangeFileReader.isChangeFile("a.csv"), equalTo(false));
    assertThat(ChangeFileReader.isIgnored("_manifest.json"), equalTo(true));
    assertThat(ChangeFileReader.isIgnored(".part.json"), equalTo(true));
  }
}
