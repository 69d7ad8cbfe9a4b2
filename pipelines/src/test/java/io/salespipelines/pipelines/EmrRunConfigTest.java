package io.salespipelines.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipelines.pipelines.salesmarts.SalesMartsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * run-configs/emr/: the EMR step, the cluster configuration and the spark-submit snippet parse, carry
 * the Java 17 flags and Kryo, and pass the job only options that exist, with values of the right type.
 */
@RunWith(JUnit4.class)
public class EmrRunConfigTest {
  private static final Path EMR = JobOptionsConfigTest.RUN_CONFIGS.resolve("emr");
  private static final String JAVA_17_HOME = "/usr/lib/jvm/java-17-amazon-corretto.x86_64";
  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String flags() {
    return String.join(" ", SparkJvm.jvmFlags());
  }

  /** Replaces ${VAR} and ${VAR:-default} with the default or a placeholder word. */
  private static String fill(String s) {
    Matcher m = VAR.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = m.group(2) != null ? m.group(2) : "p-" + m.group(1).toLowerCase().replace('_', '-');
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Every argument is a sales-marts option with a value of its type, and together they validate. */
  private static void assertJobOptions(List<String> jobArgs, String where) {
    assertThat(where + ": no job options", jobArgs.size() > 3, equalTo(true));
    PipelineOptionsFactory.register(SalesMartsOptions.class);
    List<String> filled = new ArrayList<>();
    for (String a : jobArgs) {
      assertThat(where, a, startsWith("--"));
      String arg = fill(a);
      try {
        PipelineOptionsFactory.fromArgs(arg).as(SalesMartsOptions.class);
      } catch (IllegalArgumentException e) {
        throw new AssertionError(where + ": " + a + ": " + JobOptions.explain(e.getMessage()), e);
      }
      filled.add(arg);
    }
    assertThat(where, filled, hasItem("--runner=SparkRunner"));
    SalesMartsOptions o =
        PipelineOptionsFactory.fromArgs(filled.toArray(new String[0])).withValidation().as(SalesMartsOptions.class);
    assertThat(where, o.getInput(), startsWith("s3://"));
    assertThat(where, o.getOutput(), startsWith("s3://"));
  }

  @Test
  public void stepDefinition() throws IOException {
    Path file = EMR.resolve("sales-marts-step.json");
    JsonNode steps = JSON.readTree(file.toFile());
    assertThat(steps.isArray() && steps.size() == 1, equalTo(true));
    JsonNode step = steps.get(0);
    assertThat(step.get("Type").asText(), equalTo("Spark"));
    assertThat(step.get("ActionOnFailure").asText().isEmpty(), equalTo(false));
    List<String> args = new ArrayList<>();
    step.get("Args").forEach(n -> args.add(n.asText()));
    int cls = args.indexOf("--class");
    assertThat(args.get(cls + 1), equalTo(Main.class.getName()));
    assertThat(args, hasItem("spark.driver.extraJavaOptions=" + flags()));
    assertThat(args, hasItem("spark.executor.extraJavaOptions=" + flags()));
    assertThat(args, hasItem("spark.serializer=org.apache.spark.serializer.KryoSerializer"));
    int job = args.indexOf("sales-marts");
    assertThat(args.get(job - 1), equalTo("${JAR_S3_URI}"));
    assertJobOptions(args.subList(job + 1, args.size()), file.toString());
    // add-step.sh gives every ${PARAMETER} of the step a value (envsubst would make an unset one empty).
    String addStep = Files.readString(EMR.resolve("add-step.sh"));
    Matcher m = VAR.matcher(Files.readString(file));
    while (m.find()) {
      assertThat("add-step.sh sets " + m.group(1), addStep, containsString(m.group(1) + "="));
    }
  }

  @Test
  public void clusterConfiguration() throws IOException {
    JsonNode config = JSON.readTree(EMR.resolve("cluster-configurations.json").toFile());
    JsonNode defaults = null;
    JsonNode sparkEnv = null;
    for (JsonNode c : config) {
      if (c.get("Classification").asText().equals("spark-defaults")) {
        defaults = c.get("Properties");
      } else if (c.get("Classification").asText().equals("spark-env")) {
        sparkEnv = c;
      }
    }
    assertThat(defaults.get("spark.serializer").asText(), equalTo("org.apache.spark.serializer.KryoSerializer"));
    assertThat(defaults.get("spark.driver.extraJavaOptions").asText(), equalTo(flags()));
    assertThat(defaults.get("spark.executor.extraJavaOptions").asText(), equalTo(flags()));
    assertThat(defaults.get("spark.executorEnv.JAVA_HOME").asText(), equalTo(JAVA_17_HOME));
    JsonNode export = sparkEnv.get("Configurations").get(0);
    assertThat(export.get("Classification").asText(), equalTo("export"));
    assertThat(export.get("Properties").get("JAVA_HOME").asText(), equalTo(JAVA_17_HOME));
  }

  @Test
  public void sparkSubmitSnippet() throws IOException {
    Path file = EMR.resolve("spark-submit.sh");
    List<String> lines = Files.readAllLines(file);
    String opens = null;
    List<String> jobArgs = new ArrayList<>();
    boolean afterJar = false;
    boolean sawClass = false;
    boolean sawKryo = false;
    int javaOptions = 0;
    for (String raw : lines) {
      String line = raw.strip();
      if (line.startsWith("JAVA17_OPENS=")) {
        opens = line.substring("JAVA17_OPENS=".length()).replace("\"", "");
      } else if (line.startsWith("--class ")) {
        sawClass = line.equals("--class " + Main.class.getName() + " \\");
      } else if (line.equals("--conf spark.serializer=org.apache.spark.serializer.KryoSerializer \\")) {
        sawKryo = true;
      } else if (line.matches("--conf \"spark\\.(driver|executor)\\.extraJavaOptions=\\$\\{JAVA17_OPENS}\" \\\\")) {
        javaOptions++;
      } else if (line.startsWith("\"${JAR}\" sales-marts")) {
        afterJar = true;
      } else if (afterJar && line.startsWith("--")) {
        jobArgs.add(line.replaceAll("\\s*\\\\$", "").replace("\"", ""));
      }
    }
    assertThat(opens, equalTo(flags()));
    assertThat(sawClass && sawKryo, equalTo(true));
    assertThat(javaOptions, equalTo(2));
    assertJobOptions(jobArgs, file.toString());
  }
}
