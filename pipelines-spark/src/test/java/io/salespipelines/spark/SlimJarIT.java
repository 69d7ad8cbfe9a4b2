package io.salespipelines.spark;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import io.salespipelines.pipelines.Main;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The slim jar: no Spark, Scala or Hadoop classes (the cluster's), but the jobs, Beam's Spark runner
 * and the merged service files.
 */
@RunWith(JUnit4.class)
public class SlimJarIT {
  static final Path JAR = Paths.get(System.getProperty("slim.jar", "target/sales-pipelines-spark.jar"));

  @Test
  public void slimJarLeavesSparkScalaAndHadoopToTheCluster() throws IOException {
    assertThat("built by package: " + JAR, Files.exists(JAR), equalTo(true));
    List<String> provided = new ArrayList<>();
    boolean main = false;
    boolean sparkRunner = false;
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (var e = jar.entries(); e.hasMoreElements(); ) {
        String name = e.nextElement().getName();
        if (name.startsWith("org/apache/spark/")
            || name.startsWith("scala/")
            || name.startsWith("org/apache/hadoop/")) {
          provided.add(name);
        }
        main |= name.equals("io/salespipelines/pipelines/Main.class");
        sparkRunner |= name.equals("org/apache/beam/runners/spark/SparkRunner.class");
      }
      assertThat(provided.size() > 5 ? provided.subList(0, 5).toString() : provided.toString(), provided.isEmpty(), equalTo(true));
      assertThat(main && sparkRunner, equalTo(true));
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"), equalTo(Main.class.getName()));
      try (InputStream in = jar.getInputStream(jar.getEntry("META-INF/services/org.apache.beam.sdk.io.FileSystemRegistrar"))) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8), containsString("S3FileSystemRegistrar"));
      }
    }
  }
}
