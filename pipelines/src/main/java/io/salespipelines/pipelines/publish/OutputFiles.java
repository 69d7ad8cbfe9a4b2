package io.salespipelines.pipelines.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/** Files under a run's output, on a local disk or S3 alike (Beam's FileSystems). */
final class OutputFiles {
  private OutputFiles() {}

  static String withSlash(String folder) {
    return folder.endsWith("/") ? folder : folder + "/";
  }

  static boolean isLocal(String path) {
    return "file".equals(FileSystems.matchNewResource(path, true).getScheme());
  }

  /**
   * The folder as a URI for a catalog's LOCATION: {@code s3://...} as given, a local folder as a
   * {@code file:} URI; always with a trailing slash.
   */
  static String locationUri(String folder) {
    ResourceId dir = FileSystems.matchNewResource(folder, true);
    if ("file".equals(dir.getScheme())) {
      return withSlash(Paths.get(dir.toString()).toAbsolutePath().normalize().toUri().toString());
    }
    return withSlash(dir.toString());
  }

  static void writeText(String path, String text, String mimeType) throws IOException {
    ResourceId target = FileSystems.matchNewResource(path, false);
    if ("file".equals(target.getScheme())) {
      Files.createDirectories(Paths.get(target.toString()).getParent());
    }
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(target, mimeType))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  static String readText(String path) throws IOException {
    try (InputStream in =
        Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(path, false)))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Files matching a glob; none is an empty list. */
  static List<MatchResult.Metadata> list(String glob) throws IOException {
    MatchResult result = FileSystems.match(glob, EmptyMatchTreatment.ALLOW);
    List<MatchResult.Metadata> files = new ArrayList<>();
    if (result.status() == MatchResult.Status.OK) {
      for (MatchResult.Metadata m : result.metadata()) {
        if (!m.resourceId().isDirectory()) {
          files.add(m);
        }
      }
    }
    return files;
  }

  /**
   * Data files below a folder, as paths relative to it: names starting with '_' or '.' anywhere
   * (markers, temporary files) are not data, as Hive, Spark and Athena see it.
   */
  static List<String> dataFiles(String folder) throws IOException {
    String root = FileSystems.matchNewResource(folder, true).toString();
    List<String> files = new ArrayList<>();
    for (MatchResult.Metadata m : list(root + "**")) {
      String relative = m.resourceId().toString().substring(root.length());
      boolean hidden = false;
      for (String part : relative.split("/")) {
        hidden |= part.startsWith("_") || part.startsWith(".");
      }
      if (!hidden) {
        files.add(relative);
      }
    }
    return files;
  }

  static void delete(List<String> paths) throws IOException {
    List<ResourceId> resources = new ArrayList<>();
    for (String path : paths) {
      resources.add(FileSystems.matchNewResource(path, false));
    }
    FileSystems.delete(resources, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }
}
