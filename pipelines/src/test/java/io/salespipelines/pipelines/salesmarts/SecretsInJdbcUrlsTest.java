package io.salespipelines.pipelines.salesmarts;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;

import io.salespipelines.pipelines.Main;
import io.salespipelines.pipelines.generate.GenerateOptions;
import io.salespipelines.pipelines.generate.SalesDataGenerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A password inside the JDBC URL (issue 13) shows up nowhere: not in what the command line prints,
 * not in any file of the output (run record, report, catalog, state), whether the run succeeds (H2
 * with {@code PASSWORD=} in the URL) or fails at the database check (each server URL form, aimed at
 * a closed port on 127.0.0.1, so the driver's own message is in play). {@code JdbcUrlsTest} holds
 * every form at unit level; this holds the job's paths that print or store a URL.
 */
public class SecretsInJdbcUrlsTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  private static final String SECRET = "Hunter2-url-secret";

  private static Path data;

  @BeforeClass
  public static void generate() throws Exception {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    data = TMP.newFolder("data").toPath();
    GenerateOptions options = new GenerateOptions();
    options.output = data.toString();
    options.rows = 300;
    options.seed = 13;
    options.files = 2;
    SalesDataGenerator.generate(options);
  }

  private static String output;

  private static int run(Path out, String jdbcUrl) {
    List<String> args = List.of("sales-marts", "--input=" + data.resolve("landing"), "--output=" + out,
        "--dimensions=" + data.resolve("dimensions"), "--jdbcUrl=" + jdbcUrl, "--progressSeconds=1");
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(sink, true, StandardCharsets.UTF_8);
    int code = Main.run(args.toArray(new String[0]), ps, ps);
    output = sink.toString(StandardCharsets.UTF_8);
    return code;
  }

  private static List<String> filesHolding(Path root, String text) throws Exception {
    List<String> found = new ArrayList<>();
    if (!Files.exists(root)) {
      return found;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).collect(Collectors.toList());
    }
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    for (Path f : files) {
      if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)
          .contains(new String(needle, StandardCharsets.ISO_8859_1))) {
        found.add(root.relativize(f).toString());
      }
    }
    return found;
  }

  @Test
  public void aSuccessfulRunWithThePasswordInAnH2UrlWritesItNowhere() throws Exception {
    Path out = TMP.newFolder("h2-out").toPath();
    Path db = TMP.newFolder("h2-db").toPath();
    String url = "jdbc:h2:file:" + db.resolve("marts") + ";USER=etl;PASSWORD=" + SECRET;
    assertThat(output, run(out, url), equalTo(0));
    assertThat(output, not(containsString(SECRET)));
    // The run record keeps the URL, masked, so a reader still sees which database it was.
    List<String> records = filesHolding(out.resolve("_runs"), "PASSWORD=****");
    assertThat(records.size(), greaterThan(0));
    // The H2 database files hold the password's hash, not the password; everything under the output.
    assertThat(filesHolding(out, SECRET), equalTo(List.of()));
  }

  @Test
  public void aFailedDatabaseCheckNamesTheDatabaseWithoutItsPassword() throws Exception {
    List<String> urls = List.of(
        "jdbc:postgresql://127.0.0.1:1/sales?user=etl&password=" + SECRET,
        "jdbc:mysql://etl:" + SECRET + "@127.0.0.1:1/sales",
        "jdbc:mariadb://127.0.0.1:1/sales?user=etl&password=" + SECRET);
    for (String url : urls) {
      Path out = TMP.newFolder().toPath();
      int code = run(out, url);
      assertThat(url, code, not(equalTo(0)));
      assertThat(output, containsString("cannot use the database"));
      assertThat(output, containsString("127.0.0.1:1"));
      assertThat(output, not(containsString(SECRET)));
      assertThat(url, filesHolding(out, SECRET), equalTo(List.of()));
    }
  }
}
