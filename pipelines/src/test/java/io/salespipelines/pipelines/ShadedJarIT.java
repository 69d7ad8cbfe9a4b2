package io.salespipelines.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import org.junit.Test;

/**
 * The shaded jar's options registrars are exactly this project's list and the AWS jar's: the shade
 * filters (pipelines/pom.xml) left out the rest of Beam's (see {@link OptionsRegistrarsTest}).
 */
public class ShadedJarIT {
  @Test
  public void theJarRegistersTheKeptOptionsOnly() throws Exception {
    Set<String> expected = new TreeSet<>(OptionsRegistrarsTest.keptByThisJar());
    expected.addAll(OptionsRegistrarsTest.KEPT_WITH_THEIR_JAR);
    try (JarFile jar = new JarFile(ClassDataSharingIT.JAR.toFile());
        InputStream in = jar.getInputStream(jar.getEntry(OptionsRegistrarsTest.SERVICE_FILE))) {
      assertThat(OptionsRegistrarsTest.registrars(in), equalTo(expected));
    }
  }
}
