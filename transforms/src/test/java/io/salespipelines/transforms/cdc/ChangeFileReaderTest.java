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
