package io.salespipelines.pipelines.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Apache ECharts, from the {@code org.webjars.npm:echarts} jar on the class path: its minified
 * build is inlined into each report, so the page needs no network to draw its charts.
 */
final class EChartsLibrary {
  private static final String POM = "/META-INF/maven/org.webjars.npm/echarts/pom.properties";
  private static String script;
  private static String version;

  private EChartsLibrary() {}

  static synchronized String version() {
    if (version == null) {
      Properties pom = new Properties();
      try (InputStream in = resource(POM)) {
        pom.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      version = pom.getProperty("version");
    }
    return version;
  }

  /** The minified library (about 1 MB), with its Apache license header. */
  static synchronized String script() {
    if (script == null) {
      String path = "/META-INF/resources/webjars/echarts/" + version() + "/dist/echarts.min.js";
      try (InputStream in = resource(path)) {
        script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (script.contains("</script")) {
        throw new IllegalStateException(path + " contains '</script' and cannot be inlined");
      }
    }
    return script;
  }

  private static InputStream resource(String path) {
    InputStream in = EChartsLibrary.class.getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException("missing " + path + " (the org.webjars.npm:echarts jar)");
    }
    return in;
  }
}
