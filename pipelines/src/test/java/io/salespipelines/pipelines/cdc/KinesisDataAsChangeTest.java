package io.salespipelines.pipelines.cdc;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.salespipelines.transforms.cdc.RawChange;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

/**
 * A Kinesis record's data as text: read with replacement characters, "evt-\xE9" and "evt-\xE8"
 * were one id, and one of two changes was a duplicate; now data that is not UTF-8 is a dead letter.
 */
public class KinesisDataAsChangeTest {
  @Test
  public void utf8DataIsARecordToParse() {
    RawChange change = OrdersCdcJob.AsChangeFn.asChange("kinesis:s", "{\"eventID\":\"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(change.getRejectedAs(), nullValue());
    assertThat(change.getText(), equalTo("{\"eventID\":\"caf\u00e9\"}"));
  }

  @Test
  public void dataThatIsNotUtf8IsInvalidEncodingWithItsBytesEscaped() {
    RawChange change = OrdersCdcJob.AsChangeFn.asChange("kinesis:s", "{\"eventID\":\"evt-\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(change.getRejectedAs(), equalTo("invalid_encoding"));
    assertThat(change.getText(), equalTo("{\"eventID\":\"evt-\\xE9\"}"));
  }
}
