package io.salespipelines.pipelines.run;

import io.salespipelines.pipelines.UsageException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The files a run reads: those directly in the landing folder, minus names starting with '.' or
 * '_'. Listed once by the driver, so the run record can name every input file and its size.
 *
 * <p>A local folder is listed with {@code java.nio} one level deep: Beam's local match walks the
 * whole tree below the folder (archived files included) and follows symbolic links, so a link loop
 * hung the listing. Here a link to a file is read (the run record names its target), a link to a
 * folder is skipped like a folder, and a link that leads nowhere (dangling, a loop) or an entry that
 * is not a regular file (a pipe, a device) is listed as a problem: it becomes an {@code unreadable}
 * dead letter, never a silent drop and never a hang.
 */
public final class LandingZone {
  private LandingZone() {}

  /** An input file: its path, size and modification time as listed, and what it links to. */
  public static final class InputFile {
    public final String path;
    public final long sizeBytes;
    public final long lastModifiedMillis;
    /** Where a symbolic link points; null for a plain file. */
    public final @Nullable String linkTarget;

    InputFile(String path, long sizeBytes, long lastModifiedMillis, @Nullable String linkTarget) {
      this.path = path;
      this.sizeBytes = sizeBytes;
      this.lastModifiedMillis = lastModifiedMillis;
      this.linkTarget = linkTarget;
    }

    /** What identifies a file version in the ledger: a changed file is read again. */
    public String ledgerKey() {
      return path + "|" + sizeBytes + "|" + lastModifiedMillis;
    }
  }

  /** An entry of the landing folder that cannot be read: it gets an {@code unreadable} dead letter. */
  public static final class Problem {
    public final String path;
    public final String reason;

    Problem(String path, String reason) {
      this.path = path;
      this.reason = reason;
    }
  }

  /** What a listing found. */
  public static final class Listing {
    /** Files to read, sorted by path. */
    public final List<InputFile> files = new ArrayList<>();
    /** Files left for a later run because they changed less than {@code --minFileAgeSeconds} ago. */
    public final List<InputFile> tooYoung = new ArrayList<>();
    public final List<Problem> problems = new ArrayList<>();
  }

  /**
   * Lists the landing folder.
   *
   * @param minAgeSeconds files modified less than this long before {@code now} are left for later
   */
  public static Listing list(String input, long minAgeSeconds, Instant now) throws IOException {
    Listing listing = new Listing();
    List<InputFile> all =
        Locations.isLocal(input) ? listLocal(input, listing.problems) : listMatched(input);
    long youngestAllowed = now.toEpochMilli() - minAgeSeconds * 1000;
    for (InputFile f : all) {
      if (minAgeSeconds > 0 && f.lastModifiedMillis > youngestAllowed) {
        listing.tooYoung.add(f);
      } else {
        listing.files.add(f);
      }
    }
    listing.problems.sort(Comparator.comparing(p -> p.path));
    return listing;
  }

  /** Names a run does not read: hidden files and the landing zone's own ("_manifest.csv"). */
  static boolean hidden(String name) {
    return name.isEmpty() || name.startsWith(".") || name.startsWith("_");
  }

  private static List<InputFile> listLocal(String input, List<Problem> problems) throws IOException {
    Path folder = Paths.get(FileSystems.matchNewResource(input, true).toString());
    List<InputFile> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (hidden(name)) {
          continue;
        }
        BasicFileAttributes own = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String target = null;
        BasicFileAttributes attrs = own;
        if (own.isSymbolicLink()) {
          target = Files.readSymbolicLink(entry).toString();
          try {
            attrs = Files.readAttributes(entry, BasicFileAttributes.class);
          } catch (NoSuchFileException e) {
            problems.add(new Problem(entry.toString(), "dangling symbolic link (to " + target + ")"));
            continue;
          } catch (FileSystemLoopException e) {
            problems.add(new Problem(entry.toString(), "symbolic link loop (to " + target + ")"));
            continue;
          } catch (IOException e) {
            // A loop of links shows as "Too many levels of symbolic links" (ELOOP).
            problems.add(new Problem(entry.toString(), "symbolic link that cannot be followed (to " + target
                + "): " + e.getMessage()));
            continue;
          }
        }
        if (attrs.isDirectory()) {
          continue;
        }
        if (!attrs.isRegularFile()) {
          // Opening a named pipe would block the run; a device has no end.
          problems.add(new Problem(entry.toString(), "not a regular file (a pipe, socket or device)"));
          continue;
        }
        files.add(new InputFile(entry.toString(), attrs.size(), attrs.lastModifiedTime().toMillis(), target));
      }
    } catch (NoSuchFileException e) {
      throw new UsageException("--input: folder does not exist: " + input);
    }
    files.sort(Comparator.comparing(f -> f.path));
    return files;
  }

  private static List<InputFile> listMatched(String input) throws IOException {
    String folder = Locations.resolved(input);
    MatchResult match = FileSystems.match(folder + "*", EmptyMatchTreatment.ALLOW);
    if (match.status() != MatchResult.Status.OK) {
      throw new UsageException("cannot list the landing zone " + input + ": " + match.status());
    }
    List<InputFile> files = new ArrayList<>();
    for (MatchResult.Metadata m : match.metadata()) {
      String path = m.resourceId().toString();
      String name = m.resourceId().getFilename();
      if (m.resourceId().isDirectory() || name == null || hidden(name)) {
        continue;
      }
      // An object store's '*' may cross '/': only objects directly under the prefix count.
      if (path.substring(folder.length()).contains("/")) {
        continue;
      }
      files.add(new InputFile(path, m.sizeBytes(), m.lastModifiedMillis(), null));
    }
    files.sort(Comparator.comparing(f -> f.path));
    return files;
  }
}
