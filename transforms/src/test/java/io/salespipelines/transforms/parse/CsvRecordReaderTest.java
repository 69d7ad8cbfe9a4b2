package io.salespipelines.transforms.parse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class CsvRecordReaderTest {

  private static List<CsvTextRecord> read(String text) throws Exception {
    List<CsvTextRecord> records = new ArrayList<>();
    try (CsvRecordReader reader = new CsvRecordReader(new StringReader(text))) {
      reader.forEachRemaining(records::add);
    }
    return records;
  }

  @Test
  public void keepsRawTextAndFirstLineOfEachRecord() throws Exception {
    List<CsvTextRecord> r = read("a,b\r\n1,\"x\r\ny\"\r\n\r\n2,\"q,\"\"u\"\"\"\n3,z");
    assertThat(r.size(), equalTo(4));
    assertThat(r.get(1).line, equalTo(2L));
    assertThat(r.get(1).raw, equalTo("1,\"x\r\ny\""));
    assertThat(r.get(1).fields, contains("1", "x\r\ny"));
    assertThat(r.get(1).quotingProblem, nullValue());
    assertThat(r.get(2).line, equalTo(5L));
    assertThat(r.get(2).fields, contains("2", "q,\"u\""));
    assertThat(r.get(2).quotingProblem, nullValue());
    assertThat(r.get(3).line, equalTo(6L));
    assertThat(r.get(3).raw, equalTo("3,z"));
  }

  @Test
  public void dropsByteOrderMark() throws Exception {
    List<CsvTextRecord> r = read("\uFEFFid,v\n1,2\n");
    assertThat(r.get(0).fields, contains("id", "v"));
    assertThat(r.get(1).raw, equalTo("1,2"));
  }

  @Test
  public void flagsStrayQuoteAndStaysInStep() throws Exception {
    List<CsvTextRecord> r = read("a,b\nx,ab\"c\ny,ok\n");
    assertThat(r.size(), equalTo(3));
    assertThat(r.get(1).quotingProblem, containsString("stray quote"));
    assertThat(r.get(1).raw, equalTo("x,ab\"c"));
    assertThat(r.get(2).quotingProblem, nullValue());
    assertThat(r.get(2).line, equalTo(3L));
  }

  @Test
  public void flagsTextAfterClosingQuote() throws Exception {
    List<CsvTextRecord> r = read("a,b\n\"x\"y,1\nz,2\n");
    assertThat(r.get(1).quotingProblem, containsString("broken quoting"));
    assertThat(r.get(2).fields, contains("z", "2"));
  }

  @Test
  public void flagsQuoteNeverClosed() throws Exception {
    List<CsvTextRecord> r = read("a,b\n1,2\n\"open,3\n4,5\n");
    assertThat(r.size(), equalTo(3));
    assertThat(r.get(2).line, equalTo(3L));
    assertThat(r.get(2).quotingProblem, containsString("broken quoting"));
  }

  @Test
  public void longFileKeepsLineNumbers() throws Exception {
    StringBuilder text = new StringBuilder("h1,h2\n");
    for (int i = 0; i < 20_000; i++) {
      text.append(i).append(",\"v\n").append(i).append("\"\n");
    }
    List<CsvTextRecord> r = read(text.toString());
    assertThat(r.size(), equalTo(20_001));
    assertThat(r.get(20_000).line, equalTo(2L + 2 * 19_999));
    assertThat(r.get(20_000).raw, equalTo("19999,\"v\n19999\""));
  }
}
