package io.salespipelines.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertThrows;

import io.salespipelines.pipelines.salesmarts.SalesMartsOptions;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** {@code --config=FILE}: every file in run-configs/ parses; command line overrides; clear errors. */
@RunWith(JUnit4.class)
public class JobOptionsConfigTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  static final Path RUN_CONFIGS = Paths.get("..", "run-configs");
  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)");

  /** A value for every variable a file names, so that files needing the environment parse too. */
  static Map<String, String> envFor(Path file) throws IOException {
    Map<String, String> env = new HashMap<>();
    Matcher m = VAR.matcher(Files.readString(file));
    while (m.find()) {
      env.put(m.group(1), "placeholder-" + m.group(1).toLowerCase().replace('_', '-'));
    }
    return env;
  }

  /** The job a file is for: its name starts with the job's name ({@code sales-marts-emr.conf}). */
  static Class<? extends PipelineOptions> jobOf(Path file) {
    String name = file.getFileName().toString();
    for (Job<?> job : Main.jobs()) {
      if (name.startsWith(job.name() + "-")) {
        return job.optionsType();
      }
    }
    throw new AssertionError("run-configs file of no known job: " + name);
  }

  @Test
  public void everyRunConfigParsesWithValidation() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(RUN_CONFIGS)) {
      s.filter(p -> p.toString().endsWith(".conf")).sorted().forEach(files::add);
    }
    // Every pipeline job has a file per environment; the generator one for local use.
    List<String> expected = new ArrayList<>(List.of("generate-local"));
    for (Job<?> job : Main.jobs()) {
      if (job.runsPipeline()) {
        expected.addAll(List.of(job.name() + "-local-direct", job.name() + "-local-spark", job.name() + "-emr"));
      }
    }
    for (String name : expected) {
      assertThat(files.toString(), Files.exists(RUN_CONFIGS.resolve(name + ".conf")), equalTo(true));
    }
    for (Path file : files) {
      Class<? extends PipelineOptions> type = jobOf(file);
      PipelineOptionsFactory.register(type);
      String[] args = ConfigFile.expand(new String[] {"--config=" + file}, type, envFor(file));
      assertThat(file + " names no option", args.length > 2, equalTo(true));
      // Every name is an option of the job with a value of the right type, and required ones are there.
      PipelineOptions options = PipelineOptionsFactory.fromArgs(args).withValidation().as(type);
      if (file.getFileName().toString().contains("spark") || file.getFileName().toString().contains("emr")) {
        assertThat(file.toString(), options.getRunner().getSimpleName(), equalTo("SparkRunner"));
      }
    }
  }

  @Test
  public void environmentVariablesAndDefaultsAreSubstituted() throws IOException {
    Path emr = RUN_CONFIGS.resolve("sales-marts-emr.conf");
    SalesMartsOptions o =
        JobOptionsConfigTestSupport.parse(
            emr, Map.of("DATA_BUCKET", "acme-sales", "MARTS_PREFIX", "marts/v2"), SalesMartsOptions.class);
    assertThat(o.getInput(), equalTo("s3://acme-sales/landing"));
    assertThat(o.getOutput(), equalTo("s3://acme-sales/marts/v2"));
    SalesMartsOptions local =
        JobOptionsConfigTestSupport.parse(
            RUN_CONFIGS.resolve("sales-marts-local-spark.conf"), Map.of(), SalesMartsOptions.class);
    assertThat(local.as(SparkPipelineOptions.class).getSparkMaster(), equalTo("local[2]"));
    assertThat(local.getInput(), equalTo("sample/landing"));

    UsageException e =
        assertThrows(UsageException.class, () -> JobOptionsConfigTestSupport.parse(emr, Map.of(), SalesMartsOptions.class));
    assertThat(e.getMessage(), containsString("sales-marts-emr.conf:"));
    assertThat(e.getMessage(), containsString("parameter 'input'"));
    assertThat(e.getMessage(), containsString("DATA_BUCKET is not set"));
  }

  @Test
  public void commandLineOverridesTheFile() throws IOException {
    Path file = write("a.conf", "# comment", "", "--input=in", "output = out", "shuffleBuckets=4", "archive");
    String[] args =
        ConfigFile.expand(
            new String[] {"--config=" + file, "--shuffleBuckets=32", "--output=elsewhere"},
            SalesMartsOptions.class,
            Map.of());
    SalesMartsOptions o = PipelineOptionsFactory.fromArgs(args).withValidation().as(SalesMartsOptions.class);
    assertThat(o.getInput(), equalTo("in"));
    assertThat(o.getOutput(), equalTo("elsewhere"));
    assertThat(o.getShuffleBuckets(), equalTo(32));
    assertThat(o.getArchive(), equalTo(true));
    assertThat(o.getRowTableShards(), equalTo(0));
    // A later file overrides an earlier one.
    Path second = write("b.conf", "shuffleBuckets=8");
    String[] two =
        ConfigFile.expand(new String[] {"--config=" + file, "--config=" + second}, SalesMartsOptions.class, Map.of());
    assertThat(
        PipelineOptionsFactory.fromArgs(two).as(SalesMartsOptions.class).getShuffleBuckets(), equalTo(8));
  }

  @Test
  public void unknownParameterFailsNamingParameterAndFile() throws IOException {
    Path file = write("bad.conf", "input=in", "output=out", "shufleBuckets=4");
    String err = runExpectingUsageError("sales-marts", "--config=" + file);
    assertThat(err, containsString("bad.conf:3"));
    assertThat(err, containsString("shufleBuckets"));
  }

  @Test
  public void optionOfAnotherJobIsUnknown() throws IOException {
    PipelineOptionsFactory.register(SalesMartsOptions.class);
    ConfigFile.registerJob(SalesMartsOptions.class);
    Path file = write("gen.conf", "output=x", "input=y");
    String err = runExpectingUsageError("generate", "--config=" + file);
    assertThat(err, containsString("gen.conf:2"));
    assertThat(err, containsString("'input'"));
  }

  @Test
  public void illTypedParameterFailsNamingParameterAndFile() throws IOException {
    Path file = write("typed.conf", "output=x", "rows=a million");
    String err = runExpectingUsageError("generate", "--config=" + file);
    assertThat(err, containsString("typed.conf:2"));
    assertThat(err, containsString("parameter 'rows'"));
    Path runner = write("runner.conf", "input=i", "output=o", "runner=NoSuchRunner");
    String err2 = runExpectingUsageError("sales-marts", "--config=" + runner);
    assertThat(err2, containsString("runner.conf:3"));
    assertThat(err2, containsString("parameter 'runner'"));
  }

  @Test
  public void missingFileAndMalformedLinesFail() throws IOException {
    String err = runExpectingUsageError("sales-marts", "--config=" + tmp.getRoot() + "/nope.conf");
    assertThat(err, containsString("nope.conf does not exist"));
    Path file = write("junk.conf", "input=i", "this is not a parameter");
    assertThat(runExpectingUsageError("sales-marts", "--config=" + file), containsString("junk.conf:2"));
    Path twice = write("twice.conf", "input=i", "input=j");
    assertThat(runExpectingUsageError("sales-marts", "--config=" + twice), containsString("given twice"));
  }

  @Test
  public void secretValuesAreNotEchoed() throws IOException {
    Path file = write("s.conf", "input=i", "output=o", "awsCredentialsProvider=not-json-topsecret");
    String err = runExpectingUsageError("sales-marts", "--config=" + file);
    assertThat(err, containsString("s.conf:3"));
    assertThat(err, not(containsString("topsecret")));
  }

  private String runExpectingUsageError(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = err.toString(StandardCharsets.UTF_8).trim();
    assertThat(text, code, equalTo(2));
    assertThat("one line: " + text, text.lines().count(), equalTo(1L));
    assertThat(text, containsString(args[0] + ": "));
    return text;
  }

  private Path write(String name, String... lines) throws IOException {
    File f = tmp.newFile(name);
    Files.write(f.toPath(), List.of(lines), StandardCharsets.UTF_8);
    return f.toPath();
  }

  /** Parsing a file alone (no command line), with a given environment. */
  static final class JobOptionsConfigTestSupport {
    static <T extends PipelineOptions> T parse(Path file, Map<String, String> env, Class<T> type) {
      PipelineOptionsFactory.register(type);
      String[] args = ConfigFile.expand(new String[] {"--config=" + file}, type, env);
      return PipelineOptionsFactory.fromArgs(args).withValidation().as(type);
    }
  }
}
