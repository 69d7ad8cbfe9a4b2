package io.salespipelines.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.Map;
import org.junit.Test;

/** What a one-line error may say: secrets of the arguments masked, the rest of the message intact. */
public class JobOptionsTest {
  @Test
  public void aUrlWithCredentialsIsMaskedWhereverTheMessageRepeatsIt() {
    String url = "jdbc:postgresql://db:5432/sales?user=etl&password=s3cr3t-pw";
    String message = JobOptions.maskSecrets(
        "cannot use the database " + url + ": connection refused", new String[] {"--jdbcUrl=" + url});
    assertThat(message, not(containsString("s3cr3t-pw")));
    assertThat(message, containsString("jdbc:postgresql://db:5432/sales?user=etl&password=****: connection refused"));
  }

  @Test
  public void textThatOnlyLooksLikeAUrlStaysReadable() {
    String message =
        "cannot use the database jdbc:mariadb://127.0.0.1:3306/sales: Access denied for user 'sales'@'localhost'";
    assertThat(
        JobOptions.maskSecrets(message, new String[] {"--jdbcUrl=jdbc:mariadb://127.0.0.1:3306/sales"}),
        equalTo(message));
  }

  @Test
  public void thePasswordFromTheEnvironmentIsMaskedAndSecretOptionsToo() {
    Map.Entry<String, String> variable =
        System.getenv().entrySet().stream()
            .filter(e -> e.getValue().length() >= 6 && !e.getValue().contains("=")).findFirst().orElseThrow();
    String message = JobOptions.maskSecrets(
        "server said: bad password " + variable.getValue() + "; key AKIA-xyz-secret",
        new String[] {"--jdbcPasswordEnv=" + variable.getKey(), "--awsSecretKey=AKIA-xyz-secret"});
    assertThat(message, not(containsString(variable.getValue())));
    assertThat(message, not(containsString("AKIA-xyz-secret")));
    assertThat(message, containsString("server said: bad password ****"));
  }

  /** --proxyConfiguration's name looks harmless; its JSON's password reached the run record and the report. */
  @Test
  public void aSecretInsideAJsonValueIsMaskedInTheRunRecord() {
    Map<String, String> options = io.salespipelines.pipelines.run.RunRecord.maskedOptions(java.util.List.of(
        "--proxyConfiguration={\"endpoint\":\"http://127.0.0.1:1\",\"username\":\"u\",\"password\":\"S3 \\\"cr3t\"}"));
    assertThat(options.get("proxyConfiguration"),
        equalTo("{\"endpoint\":\"http://127.0.0.1:1\",\"username\":\"u\",\"password\":\"****\"}"));
  }
}
