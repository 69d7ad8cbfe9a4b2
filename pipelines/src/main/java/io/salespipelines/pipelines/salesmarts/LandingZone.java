package io.salespipelines.pipelines.salesmarts;

import io.salespipelines.pipelines.UsageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * The files a run reads: those directly in the landing folder, minus names starting with '.' or
 * '_'. Listed once by the driver, so the run record can name every input file and its size.
 */
public final class LandingZone {
  private LandingZone() {}

  /** An input file and its size in bytes. */
  public static final class InputFile {
    public final String path;
    public final long sizeBytes;
    public final long lastModifiedMillis;

    InputFile(String path, long sizeBytes, long lastModifiedMillis) {
      this.path = path;
      this.sizeBytes = sizeBytes;
      this.lastModifiedMillis = lastModifiedMillis;
    }

    /** What identifies a file version in the ledger: a changed file is read again. */
    public String ledgerKey() {
      return path + "|" + sizeBytes + "|" + lastModifiedMillis;
    }
  }

  public static List<InputFile> list(String input) throws IOException {
    // Resolved as a directory, so a relative local path becomes absolute like the matched files.
    String folder = withSlash(FileSystems.matchNewResource(input, true).toString());
    MatchResult match =
        FileSystems.match(folder + "*", EmptyMatchTreatment.ALLOW);
    if (match.status() != MatchResult.Status.OK) {
      throw new UsageException("cannot list the landing zone " + input + ": " + match.status());
    }
    List<InputFile> files = new ArrayList<>();
    for (MatchResult.Metadata m : match.metadata()) {
      String path = m.resourceId().toString();
      String name = m.resourceId().getFilename();
      if (m.resourceId().isDirectory() || name == null || name.isEmpty()) {
        continue;
      }
      if (name.startsWith(".") || name.startsWith("_")) {
        continue;
      }
      // A glob '*' does not cross '/', but be explicit: only files directly in the folder.
      if (path.substring(folder.length()).contains("/")) {
        continue;
      }
      files.add(new InputFile(path, m.sizeBytes(), m.lastModifiedMillis()));
    }
    files.sort(Comparator.comparing(f -> f.path));
    return files;
  }

  static String withSlash(String folder) {
    return folder.endsWith("/") ? folder : folder + "/";
  }
}
