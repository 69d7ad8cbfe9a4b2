package io.salespipelines.pipelines.salesmarts;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import io.salespipelines.pipelines.Main;
import io.salespipelines.pipelines.generate.GenerateOptions;
import io.salespipelines.pipelines.generate.SalesDataGenerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Assume;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/**
 * sales-marts against real MariaDB and PostgreSQL servers (started by
 * {@code scripts/test-databases.sh}; CI always has them): reruns leave the same rows, a growing
 * landing zone ends with the rows of one run over all files (those of the embedded H2 database),
 * and the password shows up nowhere.
 */
@RunWith(Parameterized.class)
public class SalesMartsDatabaseTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static Path data;
  private static Map<String, List<String>> reference;

  @Parameterized.Parameters(name = "{0}")
  public static Collection<Object[]> servers() {
    return Arrays.asList(new Object[][] {{"TEST_MARIADB_URL"}, {"TEST_POSTGRES_URL"}});
  }

  private final String urlVariable;
  private String url;

  public SalesMartsDatabaseTest(String urlVariable) {
    this.urlVariable = urlVariable;
  }

  @BeforeClass
  public static void generateAndRunWithH2() throws Exception {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    data = TMP.newFolder("data").toPath();
    GenerateOptions options = new GenerateOptions();
    options.output = data.toString();
    options.rows = 6_000;
    options.seed = 5;
    options.files = 4;
    SalesDataGenerator.generate(options);
    Path out = TMP.newFolder("h2").toPath();
    assertThat(run(data.resolve("landing"), out, List.of()), equalTo(0));
    reference = OutputSnapshot.of(out).database;
    assertThat(reference.get("customer_monthly_spend").size(), greaterThan(100));
  }

  @Before
  public void dropTables() throws Exception {
    url = System.getenv(urlVariable);
    Assume.assumeTrue(urlVariable + " not set (scripts/test-databases.sh start)", url != null);
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS customer_monthly_spend");
      s.execute("DROP TABLE IF EXISTS sales_team_incentive");
    }
  }

  private Connection connect() throws Exception {
    return DriverManager.getConnection(
        url.replace("jdbc:mysql:", "jdbc:mariadb:"), System.getenv("TEST_DB_USER"), System.getenv("TEST_DB_PASSWORD"));
  }

  private static String lastOutput;

  private static int run(Path input, Path output, List<String> extra) {
    List<String> args = new ArrayList<>(List.of("sales-marts", "--input=" + input, "--output=" + output,
        "--dimensions=" + data.resolve("dimensions")));
    args.addAll(extra);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(sink, true, StandardCharsets.UTF_8);
    int code = Main.run(args.toArray(new String[0]), ps, ps);
    lastOutput = sink.toString(StandardCharsets.UTF_8);
    return code;
  }

  private List<String> databaseArgs() {
    return List.of("--jdbcUrl=" + url, "--jdbcUser=" + System.getenv("TEST_DB_USER"),
        "--jdbcPasswordEnv=TEST_DB_PASSWORD");
  }

  private Map<String, List<String>> rows() throws Exception {
    try (Connection c = connect()) {
      return OutputSnapshot.databaseRows(c);
    }
  }

  @Test
  public void rerunsAndAGrowingLandingZoneEndWithTheRowsOfOneRun() throws Exception {
    Path grow = TMP.newFolder().toPath();
    Path out = TMP.newFolder().toPath();
    List<Path> all;
    try (Stream<Path> files = Files.list(data.resolve("landing"))) {
      all = files.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
    for (Path f : all.subList(0, all.size() / 2)) {
      Files.copy(f, grow.resolve(f.getFileName()));
    }
    assertThat(run(grow, out, databaseArgs()), equalTo(0));
    assertThat(run(grow, out, databaseArgs()), equalTo(0));
    for (Path f : all.subList(all.size() / 2, all.size())) {
      Files.copy(f, grow.resolve(f.getFileName()));
    }
    assertThat(run(grow, out, databaseArgs()), equalTo(0));
    assertThat(run(grow, out, databaseArgs()), equalTo(0));
    assertThat(rows(), equalTo(reference));

    String password = System.getenv("TEST_DB_PASSWORD");
    assertThat(lastOutput, not(containsString(password)));
    for (Path record : OutputSnapshot.files(out.resolve("_runs"), ".json")) {
      assertThat(Files.readString(record), not(containsString(password)));
    }
  }

  @Test
  public void wrongPasswordFailsBeforeAnyInputIsRead() throws Exception {
    Path out = TMP.newFolder().toPath();
    List<String> args = new ArrayList<>(databaseArgs());
    args.set(2, "--jdbcPasswordEnv=HOME");
    assertThat(run(data.resolve("landing"), out, args), equalTo(1));
    assertThat(lastOutput.trim(), containsString("cannot use the database " + url));
    assertThat(lastOutput.trim().lines().count(), equalTo(1L));
    assertThat(Files.exists(out.resolve("_state")), equalTo(false));
  }
}
