package io.salespipelines.transforms.common;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class SpillFoldersTest {

  @Test
  public void closingTheTrackingRemovesWhatThePipelineLeftInItsFolders() throws Exception {
    Path leftBehind;
    Path neverMade;
    try (SpillFolders.Tracking tracking = SpillFolders.track()) {
      leftBehind = Paths.get(SpillFolders.newFolder());
      neverMade = Paths.get(SpillFolders.newFolder());
      // What a failed run leaves: spill files, and a worker's half-written segment in a subfolder.
      Files.createDirectories(leftBehind.resolve("attempt-2"));
      Files.writeString(leftBehind.resolve("segment-1"), "spilled rows");
      Files.writeString(leftBehind.resolve("attempt-2").resolve("segment-2"), "half");
      assertThat(tracking.folders(), hasSize(2));
      assertThat(leftBehind.toString(), startsWith(System.getProperty("java.io.tmpdir")));
    }
    assertFalse(Files.exists(leftBehind));
    assertFalse(Files.exists(neverMade));
  }

  @Test
  public void foldersNamedOutsideTheTrackingOrOnAnotherThreadAreLeftAlone() throws Exception {
    Path untracked = Files.createDirectories(Paths.get(SpillFolders.newFolder()));
    AtomicReference<Path> otherThreads = new AtomicReference<>();
    try {
      try (SpillFolders.Tracking tracking = SpillFolders.track()) {
        // Another pipeline, built on its own thread at the same time (tests run several at once).
        Thread other = new Thread(() -> otherThreads.set(Paths.get(SpillFolders.newFolder())));
        other.start();
        other.join();
        Files.createDirectories(otherThreads.get());
        assertThat(tracking.folders(), hasSize(0));
      }
      assertTrue(Files.exists(untracked));
      assertTrue(Files.exists(otherThreads.get()));
    } finally {
      Files.deleteIfExists(untracked);
      Files.deleteIfExists(otherThreads.get());
    }
  }
}
