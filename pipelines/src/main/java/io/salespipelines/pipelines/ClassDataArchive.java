package io.salespipelines.pipelines;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HotSpot's class-data sharing for the jar's pipeline jobs: the classes a job loads (about 11,000
 * for a sales-marts run, from a 260 MB jar) are read, parsed and verified once, kept in an archive
 * file, and mapped by later runs of the same job, jar and JVM. A +10k-row run on top of 1M rows
 * took about 2 s less with the archive (Direct runner, interleaved rounds; README).
 *
 * <p>The archive is written apart from the run, so that nothing about it can touch the run's
 * outcome: the first run of a job lists the classes it loads ({@code -XX:DumpLoadedClassList}),
 * and once it ended with 0 a JVM of its own turns the list into a static archive ({@code
 * -Xshare:dump}, 10 to 15 s, once per jar). An earlier form let the run's own JVM write a dynamic
 * archive at its end ({@code -XX:ArchiveClassesAtExit}); with OpenJDK 17.0.15 that JVM crashed
 * while writing it now and then (SIGSEGV in {@code
 * SystemDictionaryShared::adjust_lambda_proxy_class_dictionary}), after the run committed, which
 * turned a good run's exit code into 134. Now a failed dump only leaves a {@code .failed} note
 * with its output, and later runs of that jar run without an archive.
 *
 * <p>Later runs use the archive ({@code -XX:SharedArchiveFile}). Both need the option when the JVM
 * starts, so {@link SparkJvm#relaunchIfNeeded} runs the job in a child JVM that has it. It applies
 * only to a JVM started with {@code java -jar} (not under spark-submit or a test), on HotSpot, when
 * the user chose nothing else about class-data sharing ({@code -Xshare:off}, their own archive),
 * records or instruments no classes (a flight recording, an agent: {@link #CLASS_FILE_HOOKS}) and
 * did not turn it off ({@code -Dsalespipelines.classDataSharing=false}). The archives live in
 * {@code $XDG_CACHE_HOME/sales-pipelines/class-data} (else {@code ~/.cache/...}, or {@code
 * -Dsalespipelines.cacheDir=...}), one per job and runner kind and the latest used other one (a
 * second jar, or JVM options that make another key, used in turn), about 90 MB each; writing one
 * removes that job's older ones. An archive that does not fit (another JVM, changed
 * flags) is ignored by the JVM, which then loads classes as usual.
 */
final class ClassDataArchive {
  // No static logger: the launching JVM (SparkJvm) would start the logging system for it.
  private static Logger log() {
    return LoggerFactory.getLogger(ClassDataArchive.class);
  }

  /** What {@code --help} says about it. */
  static final List<String> HELP =
      List.of(
          "Class data: a pipeline job started with java -jar keeps an archive of the classes its first run loaded",
          "    in ~/.cache/sales-pipelines/class-data (written after that run, 10-15 s once per jar); later runs",
          "    start from it. -Dsalespipelines.cacheDir=DIR moves it, -Dsalespipelines.classDataSharing=false turns it off.");

  /** {@code -Dsalespipelines.classDataSharing=false} turns it off. */
  static final String SWITCH = "salespipelines.classDataSharing";

  /** Where the archives are kept, instead of the user's cache folder. */
  static final String CACHE_DIR = "salespipelines.cacheDir";

  private static final List<String> USERS_OWN =
      List.of("-Xshare", "-XX:SharedArchiveFile", "-XX:ArchiveClassesAtExit", "-XX:-UseSharedSpaces",
          "-XX:SharedClassListFile", "-XX:DumpLoadedClassList");

  /**
   * Options that hand class files to a hook while they load: a flight recording, a Java or native
   * agent. With OpenJDK 17.0.15, a JVM started with {@code -XX:StartFlightRecording} and an archive
   * of the jar's classes crashed at start (SIGSEGV in {@code
   * KlassFactory::check_shared_class_file_load_hook}), so a run being profiled or debugged gets no
   * archive.
   */
  private static final List<String> CLASS_FILE_HOOKS =
      List.of("-XX:StartFlightRecording", "-XX:+FlightRecorder", "-javaagent:", "-agentlib:", "-agentpath:");

  /** The JVM's messages about classes it cannot archive (a few thousand lines) stay out of the output. */
  private static final String QUIET = "-Xlog:cds*=off";

  /** Time the dump may take before it is given up (it takes 10 to 15 s for a sales-marts run). */
  private static final long DUMP_TIMEOUT_SECONDS = 600;

  private static final String WRITING = ".writing-";

  private final Path archive;
  private final Path classList;
  private final Path written;
  private final Path dumpLog;
  private final Path failed;
  private final String java;
  private final String jar;

  private ClassDataArchive(Path archive, String java, String jar) {
    String pid = WRITING + ProcessHandle.current().pid();
    this.archive = archive;
    this.classList = archive.resolveSibling(archive.getFileName() + ".classes" + pid);
    this.written = archive.resolveSibling(archive.getFileName() + pid);
    this.dumpLog = archive.resolveSibling(archive.getFileName() + ".log" + pid);
    this.failed = failedNote(archive);
    this.java = java;
    this.jar = jar;
  }

  private static Path failedNote(Path archive) {
    return archive.resolveSibling(archive.getFileName() + ".failed");
  }

  /**
   * The archive of this run's job, or empty where class-data sharing does not apply (or the dump of
   * this jar's archive failed before).
   *
   * @param job the job's name
   * @param spark whether it runs on a Spark runner (a Direct run loads other classes)
   * @param classPath this JVM's {@code java.class.path}
   * @param jvmArguments this JVM's input arguments
   */
  static Optional<ClassDataArchive> forRun(
      String job, boolean spark, String classPath, List<String> jvmArguments, Map<String, String> env,
      Properties system) {
    if (!"true".equalsIgnoreCase(system.getProperty(SWITCH, "true").trim())) {
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
    if (DefaultHeap.givesAny(given, USERS_OWN) || DefaultHeap.givesAny(given, CLASS_FILE_HOOKS)) {
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
      log().debug("no class-data archive: cannot use {} ({})", folder, e.toString());
      return Optional.empty();
    }
    Path archive = folder.resolve(prefix(job, spark) + key(jar, given, system) + ".jsa");
    if (Files.exists(failedNote(archive))) {
      log().debug("no class-data archive: writing {} failed before (see {})", archive, failedNote(archive));
      return Optional.empty();
    }
    String java = Paths.get(system.getProperty("java.home", ""), "bin", "java").toString();
    return Optional.of(new ClassDataArchive(archive, java, jar.getPath()));
  }

  /** The child JVM's options: use the archive, or list the classes this run loads. */
  List<String> jvmFlags() {
    if (!Files.isRegularFile(archive)) {
      return List.of("-XX:DumpLoadedClassList=" + classList);
    }
    try {
      // Its time says when it was last used: the one other archive kept is the latest used.
      Files.setLastModifiedTime(archive, FileTime.fromMillis(System.currentTimeMillis()));
    } catch (IOException e) {
      log().debug("could not touch {} ({})", archive, e.toString());
    }
    return List.of(QUIET, "-XX:SharedArchiveFile=" + archive);
  }

  Path archive() {
    return archive;
  }

  /**
   * After the child JVM ended: when it ended well and listed its classes, a JVM of its own writes
   * the archive from the list, which becomes this job's archive (renamed at once, so that a run
   * starting meanwhile sees a whole file or none); the job's archives of other jars or JVMs go. A
   * failed run's list is dropped. Nothing here changes the run's exit code.
   *
   * @param childOptions the child JVM's options; its heap and garbage collector are the dump's too
   */
  void childEnded(int exitCode, List<String> childOptions) {
    try {
      if (exitCode == 0 && Files.isRegularFile(classList) && Files.size(classList) > 0) {
        dump(childOptions);
      }
    } catch (IOException e) {
      log().debug("could not keep the class-data archive {} ({})", archive, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      deleteQuietly(classList);
      deleteQuietly(written);
      deleteQuietly(dumpLog);
    }
  }

  private void dump(List<String> childOptions) throws IOException, InterruptedException {
    System.err.println("keeping the classes this job loaded in " + archive.getParent()
        + ", for later runs to start sooner (once per jar, 10-15 s; -D" + SWITCH + "=false turns it off)");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xshare:dump");
    command.add("-XX:SharedClassListFile=" + classList);
    command.add("-XX:SharedArchiveFile=" + written);
    command.add(QUIET);
    command.addAll(dumpOptions(childOptions));
    // The archive keeps the class path it was written with, and a JVM maps it only where that path
    // names the jar: a relative path, read from another folder, named nothing ("Required classpath
    // entry does not exist"), and a run started there loaded every class from the jar, 3-5 s
    // slower. The canonical path names it from anywhere.
    command.add("-cp");
    command.add(canonical(new File(jar)));
    Process dump =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dumpLog.toFile()).start();
    Thread stopDump = new Thread(dump::destroy, "stop-class-data-dump");
    Runtime.getRuntime().addShutdownHook(stopDump);
    try {
      boolean ended = dump.waitFor(DUMP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (ended && dump.exitValue() == 0 && Files.isRegularFile(written) && Files.size(written) > 0) {
        Files.move(written, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        removeOthers();
        return;
      }
      if (!ended) {
        dump.destroyForcibly().waitFor();
      }
      // Not tried again for this jar and JVM: the note says why, for whoever looks.
      String why = ended ? "exit code " + dump.exitValue() : "no end after " + DUMP_TIMEOUT_SECONDS + " s";
      Files.move(dumpLog, failed, StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(failed, "\n" + why + ": " + String.join(" ", command) + "\n", StandardOpenOption.APPEND);
      System.err.println("could not write the class-data archive (" + why + "; see " + failed
          + "); later runs of this jar start without it");
    } finally {
      Runtime.getRuntime().removeShutdownHook(stopDump);
    }
  }

  /** The child's options that shape an archive: heap size and layout, garbage collector. */
  static List<String> dumpOptions(List<String> childOptions) {
    List<String> kept = new ArrayList<>();
    for (String option : childOptions) {
      if (option.startsWith("-Xmx") || option.startsWith("-XX:MaxHeapSize=") || option.startsWith("-XX:+Use")
          || option.startsWith("-XX:-Use") || option.startsWith("-XX:ObjectAlignmentInBytes=")) {
        kept.add(option);
      }
    }
    return kept;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log().debug("could not remove {} ({})", file, e.toString());
    }
  }

  /**
   * The job's archives of other jars or JVM options but the latest used one, and archives left
   * half-written by JVMs that are gone. One other is kept so that two ways of running a job in
   * turn (two jars, or options that make another key) do not each replace the other's archive.
   */
  private void removeOthers() throws IOException {
    String own = archive.getFileName().toString();
    String prefix = own.substring(0, own.lastIndexOf('-') + 1);
    List<Path> others = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(archive.getParent(), prefix + "*")) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        int writing = name.lastIndexOf(WRITING);
        if (writing > 0 && !writerAlive(name.substring(writing + WRITING.length()))) {
          Files.deleteIfExists(f);
        } else if (name.endsWith(".jsa.failed") && !name.equals(own + ".failed")) {
          Files.deleteIfExists(f);
        } else if (name.endsWith(".jsa") && !name.equals(own)) {
          others.add(f);
        }
      }
    }
    others.sort(Comparator.comparing((Path f) -> {
      try {
        return Files.getLastModifiedTime(f).toMillis();
      } catch (IOException e) {
        return 0L;
      }
    }).reversed());
    for (Path f : others.subList(Math.min(1, others.size()), others.size())) {
      Files.deleteIfExists(f);
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
   * The jar's path with {@code ..} and links resolved: {@code java -jar ../x.jar} from one folder
   * and {@code java -jar x.jar} from another are one jar (two keys made each run replace the
   * other's archive, a 10-15 s dump on every run).
   */
  private static String canonical(File jar) {
    try {
      return jar.getCanonicalPath();
    } catch (IOException e) {
      return jar.getAbsolutePath();
    }
  }

  /**
   * Tells the jars and JVMs apart: an archive fits only the jar and JVM that wrote it, with the same
   * VM options (a garbage collector, compressed pointers, which a heap of 32 GB and more turns off).
   * Other options, such as the heap size below that, share one archive.
   */
  private static String key(File jar, List<String> jvmArguments, Properties system) {
    StringBuilder identity =
        new StringBuilder()
            .append(canonical(jar)).append('\n').append(jar.length()).append('\n')
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
