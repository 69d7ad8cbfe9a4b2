package io.salespipelines.pipelines;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.List;
import org.junit.Test;

public class SparkJvmTest {
  @Test
  public void recognisesSparkRunnersOnTheCommandLine() {
    assertTrue(SparkJvm.wantsSpark(new String[] {"--input=x", "--runner=SparkRunner"}));
    assertTrue(SparkJvm.wantsSpark(new String[] {"--runner=org.apache.beam.runners.spark.SparkRunner"}));
    assertTrue(SparkJvm.wantsSpark(new String[] {"--runner=spark"}));
    assertFalse(SparkJvm.wantsSpark(new String[] {"--runner=DirectRunner", "--input=spark"}));
    assertFalse(SparkJvm.wantsSpark(new String[] {}));
  }

  @Test
  public void loopbackMasters() {
    assertTrue(SparkJvm.isLoopbackMaster("local"));
    assertTrue(SparkJvm.isLoopbackMaster("local[2]"));
    assertTrue(SparkJvm.isLoopbackMaster("local[*]"));
    assertTrue(SparkJvm.isLoopbackMaster("spark://127.0.0.1:7077"));
    assertTrue(SparkJvm.isLoopbackMaster("spark://localhost:7077"));
    assertFalse(SparkJvm.isLoopbackMaster("spark://10.0.0.5:7077"));
    assertFalse(SparkJvm.isLoopbackMaster("yarn"));
  }

  @Test
  public void userSettingsWinOverTheLoopbackDefaults() {
    String host = System.getProperty("spark.driver.host");
    try {
      System.setProperty("spark.driver.host", "10.0.0.7");
      SparkJvm.applyLoopbackDefaults("local[2]", Map.of());
      assertEquals("10.0.0.7", System.getProperty("spark.driver.host"));
      assertEquals(null, System.getProperty("spark.driver.bindAddress"));
    } finally {
      if (host == null) {
        System.clearProperty("spark.driver.host");
      } else {
        System.setProperty("spark.driver.host", host);
      }
    }
  }

  @Test
  public void cachedBlocksAreCompressedUnlessTheUserSaysOtherwise() {
    String given = System.getProperty("spark.rdd.compress");
    try {
      System.clearProperty("spark.rdd.compress");
      SparkJvm.applyCacheDefaults();
      assertEquals("true", System.getProperty("spark.rdd.compress"));
      System.setProperty("spark.rdd.compress", "false");
      SparkJvm.applyCacheDefaults();
      assertEquals("false", System.getProperty("spark.rdd.compress"));
    } finally {
      if (given == null) {
        System.clearProperty("spark.rdd.compress");
      } else {
        System.setProperty("spark.rdd.compress", given);
      }
    }
  }

  @Test
  public void flagsCoverEveryPackageAndAreOpenInTests() {
    assertEquals(SparkJvm.OPENED_PACKAGES.size() + 1, SparkJvm.jvmFlags().size());
    assertTrue(SparkJvm.jvmFlags().contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"));
    // surefire's argLine carries them (pipelines/pom.xml)
    assertFalse(SparkJvm.opensMissing());
  }

  /** A bad master URL failed inside Spark with a 17-line stack trace and exit 1; a bad level with exit 1. */
  @Test
  public void aMasterOrStorageLevelSparkCannotTakeIsAUsageError() {
    for (String ok : List.of("local", "local[2]", "local[*]", "local[4,3]", "spark://h:7077", "yarn", "k8s://https://h:443")) {
      SparkJvm.requireSparkMaster(ok);
    }
    for (String bad : List.of("nonsense", "local[0]", "local[two]", "spark:/h", "")) {
      UsageException e = org.junit.Assert.assertThrows(UsageException.class, () -> SparkJvm.requireSparkMaster(bad));
      org.hamcrest.MatcherAssert.assertThat(e.getMessage(), org.hamcrest.Matchers.startsWith("--sparkMaster must be local"));
    }
    SparkJvm.requireStorageLevel("MEMORY_AND_DISK_SER");
    UsageException e = org.junit.Assert.assertThrows(UsageException.class, () -> SparkJvm.requireStorageLevel("BOGUS"));
    org.hamcrest.MatcherAssert.assertThat(e.getMessage(), org.hamcrest.Matchers.startsWith("--storageLevel must be one of"));
  }
}
