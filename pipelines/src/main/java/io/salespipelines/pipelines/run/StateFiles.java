package io.salespipelines.pipelines.run;

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
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/** Small text files of the run state (ledger, lock, commit plan), on a local disk or S3 alike. */
public final class StateFiles {
  private StateFiles() {}

  public static void writeText(String path, String text) throws IOException {
    ResourceId target = FileSystems.matchNewResource(path, false);
    if (Locations.isLocal(target)) {
      Files.createDirectories(Paths.get(target.toString()).getParent());
    }
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(target, MimeTypes.TEXT))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  public static String readText(String path) throws IOException {
    try (InputStream in =
        Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(path, false)))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  public static boolean exists(String path) throws IOException {
    return !match(path).isEmpty();
  }

  /** Paths matching a glob; none is an empty list. */
  public static List<String> match(String glob) throws IOException {
    MatchResult result = FileSystems.match(glob, EmptyMatchTreatment.ALLOW_IF_WILDCARD);
    List<String> paths = new ArrayList<>();
    if (result.status() == MatchResult.Status.OK) {
      for (MatchResult.Metadata m : result.metadata()) {
        paths.add(m.resourceId().toString());
      }
    }
    return paths;
  }
}
