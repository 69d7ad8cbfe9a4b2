package io.salespipelines.transforms.cdc;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.Test;

public class ChangeFileReaderTest {
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
