package io.salespipelines.pipelines.run;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Moves a run's staged files into the table folders once the pipeline has succeeded. A table's
 * {@code _SUCCESS} marker is removed before its files change and written after, so a reader never
 * takes a half-updated table for a complete one.
 */
final class OutputCommitter {
  static final String SUCCESS = "_SUCCESS";

  private OutputCommitter() {}

  /**
   * Replaces the table's data files with the staged ones (aggregates, recomputed each run). Safe to
   * repeat after a crash: the new files are moved in first, then every file of other runs goes.
   */
  static void replace(String output, String stagedTable, String table, String runId)
      throws IOException {
    String tableDir = Locations.withSlash(output) + table + "/";
    deleteIfExists(tableDir + SUCCESS);
    moveStaged(stagedTable, tableDir);
    List<ResourceId> old = new ArrayList<>();
    for (ResourceId file : dataFiles(tableDir)) {
      if (!file.getFilename().startsWith("part-" + runId + "-")) {
        old.add(file);
      }
    }
    delete(old);
    markComplete(tableDir);
  }

  /**
   * Adds the staged files to the table's (row-level tables accumulate run after run), then removes
   * {@code replaced}: files whose rows a staged file holds now ({@code Compaction}). Safe to repeat
   * after a crash: the new files are in before any old one goes, and what is gone is not missed.
   */
  static void append(String output, String stagedTable, String table, List<String> replaced) throws IOException {
    String tableDir = Locations.withSlash(output) + table + "/";
    deleteIfExists(tableDir + SUCCESS);
    moveStaged(stagedTable, tableDir);
    Failpoints.reach("before-removing-replaced-" + table);
    List<ResourceId> old = new ArrayList<>();
    replaced.forEach(path -> old.add(FileSystems.matchNewResource(path, false)));
    delete(old);
    markComplete(tableDir);
  }

  private static void moveStaged(String stagedTable, String tableDir) throws IOException {
    String from = FileSystems.matchNewResource(stagedTable, true).toString();
    List<ResourceId> sources = new ArrayList<>();
    List<ResourceId> targets = new ArrayList<>();
    for (ResourceId file : dataFiles(from)) {
      String relative = file.toString().substring(from.length());
      sources.add(file);
      targets.add(FileSystems.matchNewResource(tableDir + relative, false));
    }
    for (ResourceId target : targets) {
      mkdirsIfLocal(target);
    }
    FileSystems.rename(sources, targets, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  /** Data files below a folder: everything except names starting with '_' or '.' (markers, temp). */
  static List<ResourceId> dataFiles(String folder) throws IOException {
    List<ResourceId> files = new ArrayList<>();
    for (MatchResult.Metadata m : dataFileMetadata(folder)) {
      files.add(m.resourceId());
    }
    return files;
  }

  /** {@link #dataFiles} with their sizes, as listed. */
  static List<MatchResult.Metadata> dataFileMetadata(String folder) throws IOException {
    String root = FileSystems.matchNewResource(folder, true).toString();
    MatchResult match = FileSystems.match(root + "**", EmptyMatchTreatment.ALLOW);
    List<MatchResult.Metadata> files = new ArrayList<>();
    if (match.status() != MatchResult.Status.OK) {
      return files;
    }
    for (MatchResult.Metadata m : match.metadata()) {
      String relative = m.resourceId().toString().substring(root.length());
      boolean hidden = false;
      for (String part : relative.split("/")) {
        hidden |= part.startsWith("_") || part.startsWith(".");
      }
      if (!hidden && !m.resourceId().isDirectory()) {
        files.add(m);
      }
    }
    return files;
  }

  static void markComplete(String tableDir) throws IOException {
    ResourceId marker = FileSystems.matchNewResource(tableDir + SUCCESS, false);
    mkdirsIfLocal(marker);
    try (WritableByteChannel ignored = FileSystems.create(marker, MimeTypes.TEXT)) {
      // An empty marker, as Hadoop and Spark write.
    }
  }

  static void deleteIfExists(String path) throws IOException {
    FileSystems.delete(
        List.of(FileSystems.matchNewResource(path, false)),
        MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  private static void delete(List<ResourceId> files) throws IOException {
    FileSystems.delete(files, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  /** Removes a staging folder with everything in it. */
  static void deleteTree(String folder) throws IOException {
    ResourceId root = FileSystems.matchNewResource(folder, true);
    if (Locations.isLocal(root)) {
      Path path = Paths.get(root.toString());
      if (Files.exists(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
            Files.deleteIfExists(p);
          }
        }
      }
      return;
    }
    MatchResult match = FileSystems.match(root + "**", EmptyMatchTreatment.ALLOW);
    List<ResourceId> files = new ArrayList<>();
    for (MatchResult.Metadata m : match.metadata()) {
      files.add(m.resourceId());
    }
    delete(files);
  }

  /** Local runs leave folders behind; object stores have none to remove. */
  public static void deleteIfEmptyLocalFolder(String folder) throws IOException {
    ResourceId dir = FileSystems.matchNewResource(folder, true);
    if (Locations.isLocal(dir)) {
      Path path = Paths.get(dir.toString());
      try (Stream<Path> entries = Files.exists(path) ? Files.list(path) : Stream.empty()) {
        if (Files.exists(path) && entries.findAny().isEmpty()) {
          Files.delete(path);
        }
      }
    }
  }

  static void mkdirsIfLocal(ResourceId file) throws IOException {
    if (Locations.isLocal(file)) {
      Files.createDirectories(Paths.get(file.toString()).getParent());
    }
  }
}
