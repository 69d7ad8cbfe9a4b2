package io.salespipelines.transforms.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Names the local spill folders of a pipeline's transforms, and removes what a run that did not
 * finish left in them. A pipeline that succeeds deletes each folder itself ({@link
 * SpillByKey.DeleteSpillFolder}); one that fails or is stopped by an exception would leave its
 * spill files in the temporary folder, up to gigabytes a run at millions of rows, until the disk is
 * full. The folders are named on the machine that builds the pipeline; workers on other machines
 * spill into the same path under their own temporary folder.
 */
public final class SpillFolders {
  // Per thread: tests run several pipelines at once in one JVM, each built and run on its thread.
  private static final ThreadLocal<List<Path>> TRACKED = new ThreadLocal<>();

  private SpillFolders() {}

  /** A new folder name under {@code java.io.tmpdir}, remembered by the tracking on this thread. */
  public static String newFolder() {
    Path folder = Paths.get(System.getProperty("java.io.tmpdir"), "sales-pipelines-spill-" + UUID.randomUUID());
    List<Path> tracked = TRACKED.get();
    if (tracked != null) {
      tracked.add(folder);
    }
    return folder.toString();
  }

  /**
   * Remembers the folders named on this thread until the tracking is closed, then deletes those
   * still there. Build and run the pipeline inside it.
   */
  public static Tracking track() {
    List<Path> tracked = new ArrayList<>();
    TRACKED.set(tracked);
    return new Tracking(tracked);
  }

  public static final class Tracking implements AutoCloseable {
    private final List<Path> folders;

    private Tracking(List<Path> folders) {
      this.folders = folders;
    }

    /** The folders named so far. */
    public List<Path> folders() {
      return List.copyOf(folders);
    }

    @Override
    public void close() {
      TRACKED.remove();
      for (Path folder : folders) {
        deleteTree(folder);
      }
    }
  }

  private static void deleteTree(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove the spill folder " + folder, e);
    }
  }
}
