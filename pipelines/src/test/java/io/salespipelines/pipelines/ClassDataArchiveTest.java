package io.salespipelines.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ClassDataArchiveTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /**
   * In real JVMs: the first run lists its classes, a JVM of its own writes the archive from the list
   * once the run ended well, and the next run loads the probe class from it ("shared objects
   * file"), where a run without it reads the jar.
   */
  @Test
  public void theFirstRunWritesTheArchiveAndLaterRunsLoadTheirClassesFromIt() throws Exception {
    Path jar = probeJar();
    Properties system = systemWithCache(tmp.newFolder("cache").toPath());
    ClassDataArchive first = ClassDataArchive.forRun("sales-marts", false, jar.toString(), List.of(), Map.of(), system).orElseThrow();
    assertThat(first.jvmFlags(), hasItem(startsWith("-XX:DumpLoadedClassList=")));
    String out = runProbe(jar, first.jvmFlags());
    assertThat(out, containsString("probe ran"));
    assertThat("the JVM's messages about what it could not archive stay out", out, not(containsString("[cds]")));
    first.childEnded(0, List.of("-Xmx256m"));
    assertThat(Files.isRegularFile(first.archive()), equalTo(true));
    assertThat(filesIn(first.archive().getParent()), equalTo(List.of(first.archive().getFileName().toString())));

    ClassDataArchive next = ClassDataArchive.forRun("sales-marts", false, jar.toString(), List.of(), Map.of(), system).orElseThrow();
    assertThat(next.jvmFlags(), hasItem("-XX:SharedArchiveFile=" + first.archive()));
    List<String> withLog = new ArrayList<>(next.jvmFlags());
    withLog.add("-Xlog:class+load=info");
    assertThat(runProbe(jar, withLog), containsString(ClassDataProbe.class.getName() + " source: shared objects file"));
    assertThat(runProbe(jar, List.of("-Xlog:class+load=info")), not(containsString(ClassDataProbe.class.getName() + " source: shared")));
  }

  @Test
  public void aFailedRunsArchiveIsDroppedAndANewJarsArchiveReplacesTheOld() throws Exception {
    Path jar = probeJar();
    Path cache = tmp.newFolder("cache").toPath();
    Properties system = systemWithCache(cache);
    ClassDataArchive failed = ClassDataArchive.forRun("orders-analytics", true, jar.toString(), List.of(), Map.of(), system).orElseThrow();
    runProbe(jar, failed.jvmFlags());
    failed.childEnded(1, List.of());
    assertThat(filesIn(cache.resolve("sales-pipelines").resolve("class-data")).size(), equalTo(0));

    ClassDataArchive old = ClassDataArchive.forRun("orders-analytics", true, jar.toString(), List.of(), Map.of(), system).orElseThrow();
    runProbe(jar, old.jvmFlags());
    old.childEnded(0, List.of());
    Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
    ClassDataArchive rebuilt = ClassDataArchive.forRun("orders-analytics", true, jar.toString(), List.of(), Map.of(), system).orElseThrow();
    assertThat(rebuilt.archive(), not(equalTo(old.archive())));
    runProbe(jar, rebuilt.jvmFlags());
    rebuilt.childEnded(0, List.of());
    // The latest other archive stays (two jars used in turn); a third jar's archive replaces the oldest.
    assertThat(filesIn(rebuilt.archive().getParent()).size(), equalTo(2));
    Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
    ClassDataArchive third = ClassDataArchive.forRun("orders-analytics", true, jar.toString(), List.of(), Map.of(), system).orElseThrow();
    runProbe(jar, third.jvmFlags());
    third.childEnded(0, List.of());
    assertThat(filesIn(third.archive().getParent()).stream().sorted().collect(Collectors.toList()),
        equalTo(Stream.of(rebuilt.archive(), third.archive()).map(a -> a.getFileName().toString()).sorted()
            .collect(Collectors.toList())));
  }

  /**
   * One jar named two ways ({@code ../jobs/x.jar} and {@code x.jar}) is one archive: two keys made
   * each run replace the other's archive, a 10-15 s dump every run.
   */
  @Test
  public void aJarReachedByAnotherPathHasTheSameArchive() throws Exception {
    Path jar = probeJar();
    Properties system = systemWithCache(tmp.newFolder("cache").toPath());
    String roundabout = jar.getParent().resolve("..").resolve(jar.getParent().getFileName()).resolve(jar.getFileName()).toString();
    ClassDataArchive direct = ClassDataArchive.forRun("sales-marts", false, jar.toString(), List.of(), Map.of(), system).orElseThrow();
    ClassDataArchive viaParent = ClassDataArchive.forRun("sales-marts", false, roundabout, List.of(), Map.of(), system).orElseThrow();
    assertThat(roundabout, containsString(".."));
    assertThat(viaParent.archive(), equalTo(direct.archive()));
  }

  /**
   * An archive written by a run that named the jar relative to its folder serves a run that names
   * it another way ({@code ../x.jar} from a subfolder): the JVM compared the class paths and
   * silently loaded every class from the jar again.
   */
  @Test
  public void anArchiveWrittenForARelativeJarPathServesOtherNamesOfTheJar() throws Exception {
    Path jar = probeJar();
    Properties system = systemWithCache(tmp.newFolder("cache").toPath());
    String relative = Path.of("").toAbsolutePath().relativize(jar).toString();
    assertThat(relative, startsWith(".."));
    ClassDataArchive first = ClassDataArchive.forRun("sales-marts", false, relative, List.of(), Map.of(), system).orElseThrow();
    runProbe(jar, first.jvmFlags());
    first.childEnded(0, List.of());
    String roundabout = jar.getParent().resolve("..").resolve(jar.getParent().getFileName()).resolve(jar.getFileName()).toString();
    ClassDataArchive next = ClassDataArchive.forRun("sales-marts", false, roundabout, List.of(), Map.of(), system).orElseThrow();
    assertThat(next.archive(), equalTo(first.archive()));
    List<String> withLog = new ArrayList<>(next.jvmFlags());
    withLog.add("-Xlog:class+load=info");
    // Run from another folder, as a daily job started elsewhere is (the JVM looked for the jar at
    // the written relative path from there: "Required classpath entry does not exist").
    Path elsewhere = tmp.newFolder("else", "where", "deep", "down", "below").toPath();
    assertThat(runProbe(Path.of(roundabout), withLog, elsewhere),
        containsString(ClassDataProbe.class.getName() + " source: shared objects file"));
  }

  @Test
  public void appliesOnlyToAJarRunWhoseUserChoseNothingAboutClassDataSharing() throws Exception {
    Path jar = probeJar();
    Properties system = systemWithCache(tmp.newFolder("cache").toPath());
    assertThat(forRun(jar.toString(), List.of("-Xmx2g"), Map.of(), system).isPresent(), equalTo(true));
    assertThat(forRun(tmp.getRoot().toString(), List.of(), Map.of(), system).isPresent(), equalTo(false));
    assertThat(forRun(jar + File.pathSeparator + jar, List.of(), Map.of(), system).isPresent(), equalTo(false));
    assertThat(forRun(jar.toString(), List.of("-Xshare:off"), Map.of(), system).isPresent(), equalTo(false));
    assertThat(forRun(jar.toString(), List.of("-XX:SharedArchiveFile=/x.jsa"), Map.of(), system).isPresent(), equalTo(false));
    assertThat(forRun(jar.toString(), List.of(), Map.of("JDK_JAVA_OPTIONS", "-Xmx1g -Xshare:off"), system).isPresent(), equalTo(false));
    // Recorded or instrumented: OpenJDK 17 crashed with a recording and an archive.
    assertThat(forRun(jar.toString(), List.of("-XX:StartFlightRecording=filename=r.jfr"), Map.of(), system).isPresent(), equalTo(false));
    assertThat(forRun(jar.toString(), List.of("-javaagent:agent.jar"), Map.of(), system).isPresent(), equalTo(false));
    assertThat(forRun(jar.toString(), List.of("-agentpath:/x/libprofiler.so=start"), Map.of(), system).isPresent(), equalTo(false));
    assertThat(forRun(jar.toString(), List.of(), Map.of("JAVA_TOOL_OPTIONS", "-agentlib:jdwp=transport=dt_socket"), system).isPresent(), equalTo(false));
    Properties notFromAJar = systemWithCache(tmp.getRoot().toPath());
    notFromAJar.setProperty("sun.java.command", "io.salespipelines.pipelines.Main sales-marts");
    assertThat(forRun(jar.toString(), List.of(), Map.of(), notFromAJar).isPresent(), equalTo(false));
    Properties off = systemWithCache(tmp.getRoot().toPath());
    off.remove(ClassDataArchive.SWITCH);
    assertThat("on unless turned off", forRun(jar.toString(), List.of(), Map.of(), off).isPresent(), equalTo(true));
    off.setProperty(ClassDataArchive.SWITCH, "false");
    assertThat(forRun(jar.toString(), List.of(), Map.of(), off).isPresent(), equalTo(false));
    Properties someoneElses = systemWithCache(tmp.newFolder("theirs").toPath());
    someoneElses.setProperty("user.name", "someone-else");
    assertThat(forRun(jar.toString(), List.of(), Map.of(), someoneElses).isPresent(), equalTo(false));
    Properties readOnly = systemWithCache(tmp.newFile("a-file").toPath().resolve("cache"));
    assertThat(forRun(jar.toString(), List.of(), Map.of(), readOnly).isPresent(), equalTo(false));
    // The heap size shares an archive; a garbage collector does not.
    assertThat(forRun(jar.toString(), List.of("-Xmx2g"), Map.of(), system).get().archive(),
        equalTo(forRun(jar.toString(), List.of("-Xmx6g"), Map.of(), system).get().archive()));
    assertThat(forRun(jar.toString(), List.of("-XX:+UseSerialGC"), Map.of(), system).get().archive(),
        not(equalTo(forRun(jar.toString(), List.of(), Map.of(), system).get().archive())));
  }

  /**
   * The archive is written by a JVM apart from the run (the JVM that wrote it at the run's end
   * crashed now and then): a dump that crashes leaves a note with its output and no archive, and
   * later runs of that jar neither list their classes nor try again.
   */
  @Test
  public void aCrashedDumpLeavesANoteAndIsNotTriedAgain() throws Exception {
    Path jar = probeJar();
    Path cache = tmp.newFolder("cache").toPath();
    Properties system = systemWithCache(cache);
    Path fakeJava = tmp.newFolder("crashing-jdk", "bin").toPath().resolve("java");
    Files.writeString(fakeJava, "#!/bin/sh\necho 'dumping classes'\nkill -SEGV $$\n");
    fakeJava.toFile().setExecutable(true);
    system.setProperty("java.home", fakeJava.getParent().getParent().toString());
    ClassDataArchive crashing = ClassDataArchive.forRun("sales-marts", false, jar.toString(), List.of(), Map.of(), system).orElseThrow();
    runProbe(jar, crashing.jvmFlags());
    crashing.childEnded(0, List.of());
    Path folder = crashing.archive().getParent();
    assertThat(filesIn(folder), equalTo(List.of(crashing.archive().getFileName() + ".failed")));
    String note = Files.readString(folder.resolve(crashing.archive().getFileName() + ".failed"));
    assertThat(note, containsString("dumping classes"));
    assertThat(note, containsString("exit code 139"));
    assertThat(ClassDataArchive.forRun("sales-marts", false, jar.toString(), List.of(), Map.of(), system).isPresent(), equalTo(false));
  }

  @Test
  public void theDumpTakesTheRunsHeapAndCollectorOnly() {
    assertThat(ClassDataArchive.dumpOptions(List.of("-Xlog:cds*=off", "-XX:DumpLoadedClassList=/c/l", "-Xmx2g",
            "-XX:+UseSerialGC", "-XX:StartFlightRecording=filename=run.jfr", "-javaagent:a.jar", "-Dpassword=x",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "-XX:-UseCompressedOops")),
        equalTo(List.of("-Xmx2g", "-XX:+UseSerialGC", "-XX:-UseCompressedOops")));
  }

  private static Optional<ClassDataArchive> forRun(String classPath, List<String> jvm, Map<String, String> env, Properties system) {
    return ClassDataArchive.forRun("sales-marts", false, classPath, jvm, env, system);
  }

  private static Properties systemWithCache(Path cache) {
    Properties system = new Properties();
    system.putAll(System.getProperties());
    system.setProperty(ClassDataArchive.CACHE_DIR, cache.resolve("sales-pipelines").resolve("class-data").toString());
    system.setProperty("sun.java.command", "sales-pipelines.jar sales-marts --input=in");
    system.setProperty(ClassDataArchive.SWITCH, "true");
    return system;
  }

  private static List<String> filesIn(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  /** A jar holding the probe class alone: the JVM archives classes from jars only. */
  private Path probeJar() throws Exception {
    Path jar = tmp.getRoot().toPath().resolve("probe.jar");
    if (Files.exists(jar)) {
      return jar;
    }
    String entry = ClassDataProbe.class.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        InputStream in = ClassDataProbe.class.getClassLoader().getResourceAsStream(entry)) {
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
    return jar;
  }

  private static String runProbe(Path jar, List<String> flags) throws Exception {
    return runProbe(jar, flags, Path.of("").toAbsolutePath());
  }

  private static String runProbe(Path jar, List<String> flags, Path workingFolder) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(flags);
    command.addAll(List.of("-cp", jar.toString(), ClassDataProbe.class.getName()));
    Process process = new ProcessBuilder(command).directory(workingFolder.toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(out, process.waitFor(), equalTo(0));
    return out;
  }
}
