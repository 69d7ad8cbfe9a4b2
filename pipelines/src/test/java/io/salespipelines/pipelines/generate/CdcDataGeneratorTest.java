package io.salespipelines.pipelines.generate;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipelines.transforms.cdc.ChangeFileReader;
import io.salespipelines.transforms.cdc.ChangeRecordException;
import io.salespipelines.transforms.cdc.ChangeRecordParser;
import io.salespipelines.transforms.cdc.RawChange;
import java.io.File;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** generate --dataset=cdc: deterministic per seed, and its summary is what the files hold. */
public class CdcDataGeneratorTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void sameSeedSameFilesAndTheSummaryAddsUp() throws Exception {
    File a = tmp.newFolder("a");
    File b = tmp.newFolder("b");
    CdcDataGenerator.generate(a.toString(), 3000, 11, 0.05, 4, null);
    CdcDataGenerator.generate(b.toString(), 3000, 11, 0.05, 4, null);
    String[] names = new File(a, "changes").list();
    Arrays.sort(names);
    for (String name : names) {
      assertThat(name, Files.readAllBytes(new File(a, "changes/" + name).toPath()),
          equalTo(Files.readAllBytes(new File(b, "changes/" + name).toPath())));
    }
    JsonNode summary = new ObjectMapper().readTree(new File(a, "_generator.json"));
    long changes = 0;
    long bad = 0;
    long records = 0;
    Set<String> ids = new HashSet<>();
    Set<String> errorTypes = new HashSet<>();
    for (String name : names) {
      if (!ChangeFileReader.isChangeFile(name) || ChangeFileReader.isIgnored(name)) {
        continue;
      }
      for (RawChange r : ChangeFileReader.read(FileSystems.matchNewResource(new File(a, "changes/" + name).toString(), false))) {
        records++;
        if (r.getRejectedAs() != null) {
          bad++;
          errorTypes.add(r.getRejectedAs());
          continue;
        }
        try {
          if (ids.add(ChangeRecordParser.parse(r.getText()).getEventId())) {
            changes++;
          }
        } catch (ChangeRecordException e) {
          bad++;
          errorTypes.add(e.type().code());
        }
      }
    }
    assertThat(records, equalTo(summary.get("records").asLong()));
    assertThat(changes, equalTo(summary.get("changes").asLong()));
    assertThat(bad, equalTo(summary.get("bad_records").asLong()));
    assertThat(records, equalTo(changes + bad + summary.get("duplicates").asLong()));
    assertThat(errorTypes, equalTo(Set.of("malformed", "missing_value", "invalid_value")));
    assertThat(summary.get("out_of_order").asLong(), greaterThan(0L));
    assertThat(summary.get("late_within_lateness").asLong(), greaterThan(0L));
  }
}
