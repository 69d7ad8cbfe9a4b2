package io.salespipelines.pipelines;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HotSpot's class-data sharing for the jar's pipeline jobs, on request ({@code
 * -Dsalespipelines.classDataSharing=true}): the classes a job loads (about 11,000 for a sales-marts
 * run, from a 260 MB jar) are read, parsed and verified once, kept in an archive file, and mapped
 * by later runs of the same job, jar and JVM. A +10k-row run on top of 1M rows took 11.3 s with the
 * archive against 13.5 s without (Direct runner, four interleaved rounds).
 *
 * <p>Not on by default: the JVM that writes the archive ({@code -XX:ArchiveClassesAtExit}, at its
 * end) can crash while writing it (seen once in about a dozen archives with OpenJDK 17.0.15, a
 * SIGSEGV in {@code SystemDictionaryShared::adjust_lambda_proxy_class_dictionary}), after the run
 * committed, which turns a good run's exit code into 134. Later runs use the archive ({@code
 * -XX:SharedArchiveFile}). Both need the option when the JVM starts, so {@link
 * SparkJvm#relaunchIfNeeded} runs the job in a child JVM that has it. It applies only to a JVM
 * started with {@code java -jar} (not under spark-submit or a test), on HotSpot, when the user chose
 * nothing else about class-data sharing ({@code -Xshare:off}, their own archive). The archives live
 * in {@code $XDG_CACHE_HOME/sales-pipelines/class-data} (else {@code ~/.cache/...}, or {@code
 * -Dsalespipelines.cacheDir=...}), one per job and runner kind, 70 to 100 MB each; writing one
 * removes that job's archive of an older jar. An archive that does not fit (another JVM, changed
 * flags) is ignored by the JVM, which then loads classes as usual.
 */
final class ClassDataArchive {
  private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchive.class);

  /** What {@code --help} says about it. */
  static final List<String> HELP =
      List.of(
          "Class data: java -Dsalespipelines.classDataSharing=true -jar ... keeps an archive of the classes a",
          "    pipeline job loaded in ~/.cache/sales-pipelines/class-data (about 8 s once); later runs start from",
          "    it (see the README: the JVM writing it can crash at its end). Move it with -Dsalespipelines.cacheDir=DIR.");

  /** {@code -Dsalespipelines.classDataSharing=true} turns it on. */
  static final String SWITCH = "salespipelines.classDataSharing";

  /** Where the archives are kept, instead of the user's cache folder. */
  static final String CACHE_DIR = "salespipelines.cacheDir";

  private static final List<String> USERS_OWN =
      List.of("-Xshare", "-XX:SharedArchiveFile", "-XX:ArchiveClassesAtExit", "-XX:-UseSharedSpaces",
          "-XX:SharedClassListFile", "-XX:DumpLoadedClassList");

  /** The JVM's messages about classes it cannot archive (a few thousand lines) stay out of the output. */
  private static final String QUIET = "-Xlog:cds*=off";

  private final Path archive;
  private final Path written;

  private ClassDataArchive(Path archive, Path written) {
    this.archive = archive;
    this.written = written;
  }

  /**
   * The archive of this run's job, or empty where class-data sharing does not apply.
   *
   * @param job the job's name
   * @param spark whether it runs on a Spark runner (a Direct run loads other classes)
   * @param classPath this JVM's {@code java.class.path}
   * @param jvmArguments this JVM's input arguments
   */
  static Optional<ClassDataArchive> forRun(
      String job, boolean spark, String classPath, List<String> jvmArguments, Map<String, String> env,
      Properties system) {
    if (!"true".equalsIgnoreCase(system.getProperty(SWITCH, "false").trim())) {
      return Optional.empty();
    }
    String vm = system.getProperty("java.vm.name", "");
    if (!vm.contains("HotSpot") && !vm.contains("OpenJDK")) {
      return Optional.empty();
    }
    // Started with java -jar: the jar is the whole class path (a test or a host has its own).
    String command = system.getProperty("sun.java.command", "");
    File jar = new File(classPath);
    if (!command.split(" ", 2)[0].endsWith(".jar") || classPath.contains(File.pathSeparator)
        || !classPath.endsWith(".jar") || !jar.isFile()) {
      return Optional.empty();
    }
    List<String> given = DefaultHeap.userOptions(jvmArguments, env);
    if (DefaultHeap.givesAny(given, USERS_OWN)) {
      return Optional.empty();
    }
    Path folder = cacheFolder(env, system);
    // The JVM takes a list of archives separated by the path separator.
    if (folder == null || folder.toString().contains(File.pathSeparator)) {
      return Optional.empty();
    }
    try {
      Files.createDirectories(folder);
      // The JVM loads what the archive holds: only from a folder that is the user's own.
      if (!Files.isWritable(folder)
          || !Files.getOwner(folder).getName().equals(system.getProperty("user.name"))) {
        return Optional.empty();
      }
      if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
      }
    } catch (IOException | SecurityException | UnsupportedOperationException e) {
      LOG.debug("no class-data archive: cannot use {} ({})", folder, e.toString());
      return Optional.empty();
    }
    String name = prefix(job, spark) + key(jar, given, system) + ".jsa";
    Path archive = folder.resolve(name);
    Path written = folder.resolve(name + ".writing-" + ProcessHandle.current().pid());
    return Optional.of(new ClassDataArchive(archive, written));
  }

  /** The child JVM's options: use the archive, or write it at the end of this run. */
  List<String> jvmFlags() {
    return Files.isRegularFile(archive)
        ? List.of(QUIET, "-XX:SharedArchiveFile=" + archive)
        : List.of(QUIET, "-XX:ArchiveClassesAtExit=" + written);
  }

  Path archive() {
    return archive;
  }

  /**
   * After the child JVM ended: an archive it wrote becomes this job's archive (renamed at once, so
   * that a run starting meanwhile sees a whole file or none), and the job's archives of other jars
   * or JVMs go. A failed run's archive is dropped.
   */
  void childEnded(int exitCode) {
    if (!Files.exists(written)) {
      return;
    }
    try {
      if (exitCode == 0 && Files.size(written) > 0) {
        Files.move(written, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        removeOthers();
      } else {
        Files.deleteIfExists(written);
      }
    } catch (IOException e) {
      LOG.debug("could not keep the class-data archive {} ({})", archive, e.toString());
    }
  }

  /** The job's archives of other jars, and archives left half-written by JVMs that are gone. */
  private void removeOthers() throws IOException {
    String own = archive.getFileName().toString();
    String prefix = own.substring(0, own.lastIndexOf('-') + 1);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(archive.getParent(), prefix + "*")) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        int writing = name.lastIndexOf(".writing-");
        boolean other = name.endsWith(".jsa") && !name.equals(own);
        boolean abandoned = writing > 0 && !writerAlive(name.substring(writing + ".writing-".length()));
        if (other || abandoned) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  private static boolean writerAlive(String pid) {
    try {
      return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String prefix(String job, boolean spark) {
    return job + "-" + (spark ? "spark" : "direct") + "-";
  }

  /**
   * Tells the jars and JVMs apart: an archive fits only the jar and JVM that wrote it, with the same
   * VM options (a garbage collector, compressed pointers, which a heap of 32 GB and more turns off).
   * Other options, such as the heap size below that, share one archive.
   */
  private static String key(File jar, List<String> jvmArguments, Properties system) {
    StringBuilder identity =
        new StringBuilder()
            .append(jar.getAbsolutePath()).append('\n').append(jar.length()).append('\n')
            .append(jar.lastModified()).append('\n').append(system.getProperty("java.home")).append('\n')
            .append(system.getProperty("java.vm.version")).append('\n')
            .append(Runtime.getRuntime().maxMemory() >= 32L << 30);
    for (String arg : jvmArguments) {
      if (arg.startsWith("-XX:")) {
        identity.append('\n').append(arg);
      }
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(identity.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path cacheFolder(Map<String, String> env, Properties system) {
    String given = system.getProperty(CACHE_DIR);
    if (given != null && !given.isBlank()) {
      return Paths.get(given);
    }
    String xdg = env.get("XDG_CACHE_HOME");
    String home = system.getProperty("user.home");
    Path cache =
        xdg != null && !xdg.isBlank()
            ? Paths.get(xdg)
            : home == null || home.isBlank() || home.equals("?") ? null : Paths.get(home, ".cache");
    return cache == null ? null : cache.resolve("sales-pipelines").resolve("class-data");
  }
}
