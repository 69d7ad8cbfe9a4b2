package io.salespipelines.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsRegistrar;
import org.junit.Test;

/**
 * The jar keeps the options registrars listed in its own service file and leaves out those of
 * {@link #LEFT_OUT} (shade filters in pipelines/pom.xml). The test class path has every registrar of
 * the dependencies, so a Beam upgrade that brings a new one fails here until it is put in one list.
 */
public class OptionsRegistrarsTest {
  static final String SERVICE_FILE = "META-INF/services/" + PipelineOptionsRegistrar.class.getName();

  /** Options of what this jar never runs: portable and cross-language environments, Spark structured streaming. */
  static final Set<String> LEFT_OUT =
      Set.of(
          "org.apache.beam.sdk.options.ManualDockerEnvironmentOptions$Options",
          "org.apache.beam.sdk.options.RemoteEnvironmentOptions$Options",
          "org.apache.beam.sdk.util.construction.ExternalTranslationOptionsRegistrar",
          "org.apache.beam.runners.spark.structuredstreaming.SparkStructuredStreamingRunnerRegistrar$Options");

  /** Registrars from jars whose service file the jar keeps whole (AWS: S3 and Kinesis options). */
  static final Set<String> KEPT_WITH_THEIR_JAR =
      Set.of(
          "org.apache.beam.sdk.io.aws2.kinesis.KinesisIOOptions$KinesisIOOptionsRegistrar",
          "org.apache.beam.sdk.io.aws2.options.AwsPipelineOptionsRegistrar");

  @Test
  public void everyRegistrarOnTheClassPathIsKeptOrLeftOutOnPurpose() throws IOException {
    Set<String> onClassPath =
        ServiceLoader.load(PipelineOptionsRegistrar.class).stream()
            .map(p -> p.type().getName())
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> accounted = new TreeSet<>(keptByThisJar());
    accounted.addAll(KEPT_WITH_THEIR_JAR);
    accounted.addAll(LEFT_OUT);
    assertThat(onClassPath, equalTo(accounted));
    Set<String> both = new TreeSet<>(keptByThisJar());
    both.retainAll(LEFT_OUT);
    assertThat(both, empty());
  }

  /** The registrars of this project's own service file. */
  static Set<String> keptByThisJar() throws IOException {
    try (InputStream in = OptionsRegistrarsTest.class.getClassLoader().getResourceAsStream(SERVICE_FILE)) {
      return registrars(in);
    }
  }

  static Set<String> registrars(InputStream in) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return r.lines()
          .map(String::trim)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
