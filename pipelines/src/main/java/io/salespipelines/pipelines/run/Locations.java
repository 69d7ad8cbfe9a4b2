package io.salespipelines.pipelines.run;

import io.salespipelines.pipelines.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Checks and helpers for the folders a run is given: local paths or s3:// prefixes. */
public final class Locations {
  /**
   * Characters Beam's file systems read as a pattern in a path they match ({@code *?[]{}}). Beam has
   * no escape for them that both its local and its S3 file system honour, so a folder whose name
   * holds one would be listed as a pattern: 0 input files, or a table folder whose files are not
   * found at the commit. Such folders are refused; file names inside the landing folder may hold
   * them (files are opened by name, never matched).
   */
  private static final Pattern GLOB = Pattern.compile("[*?\\[\\]{}]");

  private static final Pattern URI_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:");

  private Locations() {}

  public static String withSlash(String folder) {
    return folder.endsWith("/") ? folder : folder + "/";
  }

  public static boolean isLocal(ResourceId resource) {
    return "file".equals(resource.getScheme());
  }

  public static boolean isLocal(String location) {
    return isLocal(FileSystems.matchNewResource(location, true));
  }

  /** The folder as an absolute local path or a full URI, with a trailing slash. */
  public static String resolved(String folder) {
    return withSlash(FileSystems.matchNewResource(folder, true).toString());
  }

  /** Refuses a folder whose name Beam would take for a pattern. */
  public static void requireNoPattern(String option, String folder) {
    if (GLOB.matcher(folder).find()) {
      throw new UsageException(
          option + ": the path holds one of the characters * ? [ ] { }, which Beam's file systems"
              + " read as a pattern; rename the folder or use another: " + folder);
    }
  }

  /** A local folder must exist (an S3 prefix is checked by the S3 pre-flight). */
  public static void requireFolder(String option, String folder) {
    ResourceId resource = FileSystems.matchNewResource(folder, true);
    if (isLocal(resource) && !Files.isDirectory(Paths.get(resource.toString()))) {
      throw new UsageException(option + ": folder does not exist: " + folder);
    }
  }

  /**
   * A local output folder is made here when it does not exist yet, so that an output that is a
   * file, or that cannot be made (no permission, a read-only file system), is one clear line before
   * the run starts: else the embedded database printed its own stack traces first, or the run
   * failed at its first spill file with the path as the only message. An S3 prefix needs nothing.
   */
  public static void requireWritableFolder(String option, String folder) {
    ResourceId resource = FileSystems.matchNewResource(folder, true);
    if (!isLocal(resource)) {
      return;
    }
    java.nio.file.Path path = Paths.get(resource.toString());
    if (Files.exists(path) && !Files.isDirectory(path)) {
      throw new UsageException(option + " is a file, not a folder: " + folder);
    }
    try {
      Files.createDirectories(path);
    } catch (IOException | SecurityException e) {
      throw new UsageException(option + ": cannot make the folder " + folder + " (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
    }
    if (!Files.isWritable(path)) {
      throw new UsageException(option + ": the folder is not writable: " + folder);
    }
  }

  /**
   * A local path with its "." and ".." steps taken out ({@code out/../marts} is {@code marts}): Beam's
   * file systems normalize some paths they make and not others, and the operating system cannot
   * follow {@code zz/..} when {@code zz} does not exist, so a run with such an output failed at its
   * first spill file. An S3 prefix is kept as given.
   */
  public static String normalized(String folder) {
    // Any URI (s3://, s3a://, file:) is kept as given, and no file system is asked yet: the S3
    // checks that name a wrong scheme come after this.
    if (folder.isBlank() || URI_SCHEME.matcher(folder).lookingAt()) {
      return folder;
    }
    String normal = Paths.get(folder).normalize().toString();
    return normal.isEmpty() ? "." : normal;
  }

  /** An option that names a folder must not be empty: "" would resolve to the working directory or "/". */
  public static String requireGiven(String option, @Nullable String folder) {
    if (folder == null || folder.isBlank()) {
      throw new UsageException(option + " must name a folder or an s3:// prefix; it is empty");
    }
    return folder;
  }

  /**
   * The output may lie inside the input (only files directly in the landing folder are read, never
   * sub-folders), but not be the same folder: the run's own table folders, state and database would
   * sit among the landing files, and {@code --archive} would move files around its own output. Nor
   * may the input lie inside the output: it would be one of the output's own folders (a table,
   * state), read as landing files and, with {@code --archive}, emptied into {@code error_files/}.
   * Local folders are compared by their real paths, so a symbolic link does not hide either case.
   */
  public static void requireSeparate(String input, String output) {
    String in = real(input);
    String out = real(output);
    if (in.equals(out)) {
      throw new UsageException(
          "--output must not be the --input folder itself (a sub-folder of it is fine): " + output);
    }
    if (in.startsWith(out)) {
      throw new UsageException(
          "--input must not lie inside --output, whose folders are the run's own tables and state: " + input);
    }
  }

  /** The resolved folder; for a local one that exists, its real path (links followed), with a slash. */
  private static String real(String folder) {
    String resolved = resolved(folder);
    if (isLocal(folder)) {
      try {
        return withSlash(Paths.get(FileSystems.matchNewResource(folder, true).toString()).toRealPath().toString());
      } catch (IOException e) {
        return resolved; // not there yet (an output made by this run)
      }
    }
    return resolved;
  }
}
