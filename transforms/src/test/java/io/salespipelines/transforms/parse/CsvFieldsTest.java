package io.salespipelines.transforms.parse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class CsvFieldsTest {
  @Test
  public void splitsQuotedAndUnquotedFields() {
    CsvTextRecord r = CsvFields.parse(2, "1,\"x\r\ny\",\"q,\"\"u\"\"\",");
    assertThat(r.fields, contains("1", "x\r\ny", "q,\"u\"", ""));
    assertThat(r.quotingProblem, nullValue());
  }

  @Test
  public void flagsStrayQuote() {
    assertThat(CsvFields.parse(2, "x,ab\"c").quotingProblem, containsString("stray quote in unquoted field 2"));
  }

  @Test
  public void flagsTextAfterClosingQuote() {
    assertThat(CsvFields.parse(2, "\"x\"y,1").quotingProblem, containsString("broken quoting"));
  }

  @Test
  public void flagsQuoteNeverClosed() {
    assertThat(CsvFields.parse(3, "\"open,3\n4,5\n").quotingProblem, containsString("broken quoting"));
  }

  @Test
  public void aByteOrderMarkInsideARecordIsData() {
    // The file's own mark is dropped by the splitter; one inside a record is not FastCSV's business.
    assertThat(CsvFields.parse(2, "\uFEFFa,b").fields, contains("\uFEFFa", "b"));
  }
}
