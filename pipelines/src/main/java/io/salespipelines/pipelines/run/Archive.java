package io.salespipelines.pipelines.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * {@code --archive}: after a commit, processed files move to {@code <input>/processed/<run_id>/}
 * and files rejected whole to {@code <input>/error_files/<error_type>/}. Neither folder is read by
 * later runs (only files directly in the landing folder are). A file that could not be read stays
 * where it is, for the next run.
 */
final class Archive {
  private Archive() {}

  static void move(String input, String runId, List<LandingZone.InputFile> files, Map<String, String> rejected)
      throws IOException {
    String landing = Locations.withSlash(FileSystems.matchNewResource(input, true).toString());
    List<ResourceId> from = new ArrayList<>();
    List<ResourceId> to = new ArrayList<>();
    for (LandingZone.InputFile f : files) {
      ResourceId source = FileSystems.matchNewResource(f.path, false);
      String type = rejected.get(f.path);
      if (io.salespipelines.schemas.ErrorType.UNREADABLE.code().equals(type)) {
        continue; // not settled: it stays for the next run
      }
      String folder = type == null ? "processed/" + runId + "/" : "error_files/" + type + "/";
      ResourceId target = FileSystems.matchNewResource(landing + folder + source.getFilename(), false);
      if (Locations.isLocal(target)) {
        java.nio.file.Files.createDirectories(java.nio.file.Paths.get(target.toString()).getParent());
      }
      from.add(source);
      to.add(target);
    }
    FileSystems.rename(from, to, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }
}
