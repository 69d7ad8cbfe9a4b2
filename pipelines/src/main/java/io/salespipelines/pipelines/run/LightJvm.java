package io.salespipelines.pipelines.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.Default;

/**
 * Starts a light batch run's JVM with HotSpot's quick compiler only ({@value #FLAG}), decided by the
 * launching JVM before it starts the job's JVM (see {@code SparkJvm}).
 *
 * <p>{@link LightJit} stops C2 once the run has listed its input, but by then the JVM compiles in
 * tiers: C1 first compiles methods with full profiling (tier 3), code that is larger, slower to make
 * and slower to run, kept only to feed C2. A +10k sales-marts run on top of 1M rows (Direct, two
 * cores) spent 3.5 s of compiler CPU in C1 and 1.1 s in C2 before the switch, out of 15.8 s of CPU
 * in a 9.6 s run; started with C1 alone it took 7.3–8.3 s against 8.7–9.4 s. The flag can only be
 * given when the JVM starts, and a first run over 1M rows with it took 82.6 s against 63.6 s, so
 * the launcher estimates the run's new input here, without Beam (its options registry alone takes
 * about a second): the files directly in a local {@code --input} whose size and time no ledger line
 * of a local {@code --output} has, weighed as {@link InputWeight} does, against {@code
 * --lightJitUpToMiB}. The estimate only chooses the JIT: a wrong one costs speed, never a row.
 * Anything it cannot read (an s3:// location, an option it cannot parse, the user's own JIT flags)
 * leaves the JVM as it is.
 */
public final class LightJvm {
  static final String FLAG = "-XX:TieredStopAtLevel=1";

  /** The jobs that run through {@link BatchJob}, whose input a ledger records. */
  static final List<String> BATCH_JOBS = List.of("sales-marts", "orders-analytics");

  /** JVM options by which the user chose the JIT themselves. */
  private static final List<String> USERS_OWN =
      List.of("-XX:TieredStopAtLevel", "-XX:-TieredCompilation", "-XX:+TieredCompilation", "-XX:CompilationMode",
          "-Xint", "-Xcomp", "-XX:CompileThreshold");

  /**
   * A ledger line's size and time, as {@link Ledger#lines} writes them (its test holds them to it).
   * The path is left out: a file with the same size and time under another name counts as read,
   * which only makes the estimate lighter.
   */
  private static final Pattern LEDGER_ENTRY =
      Pattern.compile("\"size_bytes\":(\\d+),\"last_modified_millis\":(-?\\d+)");

  private LightJvm() {}

  /**
   * The flag to start the job's JVM with, when the run looks light.
   *
   * @param job the job's name
   * @param args the job's options (a parameter file already read in)
   * @param jvmArguments the launching JVM's options, which the job's JVM gets too
   */
  public static Optional<String> toAdd(String job, List<String> args, List<String> jvmArguments) {
    if (!BATCH_JOBS.contains(job)) {
      return Optional.empty();
    }
    for (String arg : jvmArguments) {
      for (String own : USERS_OWN) {
        if (arg.startsWith(own)) {
          return Optional.empty();
        }
      }
    }
    Map<String, String> options = CommandLineOptions.byName(args);
    String input = options.get("input");
    String output = options.get("output");
    long upToMiB;
    try {
      upToMiB = Long.parseLong(options.getOrDefault("lightJitUpToMiB", Integer.toString(defaultUpToMiB())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (upToMiB <= 0 || input == null || output == null || !plainPath(input) || !plainPath(output)) {
      return Optional.empty();
    }
    boolean reprocess = "true".equals(options.get("reprocess"));
    OptionalLong weight = newInputWeight(Paths.get(input), reprocess ? null : Paths.get(output));
    return weight.isPresent() && LightJit.suits(weight.getAsLong(), (int) Math.min(upToMiB, Integer.MAX_VALUE))
        ? Optional.of(FLAG)
        : Optional.empty();
  }

  /** Whether this JVM was started with C1 alone (by the launcher or the user). */
  static boolean quickJitOnly(List<String> jvmArguments) {
    return jvmArguments.contains(FLAG);
  }

  /**
   * The weight of the files directly in the input folder that no ledger of the output lists; empty
   * when the folder cannot be listed. Hidden names are left out, as the run leaves them.
   */
  static OptionalLong newInputWeight(Path input, Path output) {
    try {
      Set<String> read = output == null ? Set.of() : ledgerEntries(output.resolve("_state").resolve("ledger"));
      long weight = 0;
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(input)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          if (LandingZone.hidden(name)) {
            continue;
          }
          BasicFileAttributes attrs;
          try {
            attrs = Files.readAttributes(entry, BasicFileAttributes.class);
          } catch (IOException e) {
            // A dangling link: the run reports it (unreadable) and reads nothing from it.
            continue;
          }
          if (!attrs.isRegularFile()) {
            continue;
          }
          if (!read.contains(attrs.size() + "|" + attrs.lastModifiedTime().toMillis())) {
            weight = InputWeight.add(weight, InputWeight.of(name, attrs.size()));
          }
        }
      }
      return OptionalLong.of(weight);
    } catch (IOException | UncheckedIOException | SecurityException e) {
      return OptionalLong.empty();
    }
  }

  /** Size and time of every ledger line (size|millis); none when there is no ledger yet. */
  private static Set<String> ledgerEntries(Path ledger) throws IOException {
    Set<String> entries = new HashSet<>();
    if (!Files.isDirectory(ledger)) {
      return entries;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(ledger, "*.jsonl")) {
      for (Path file : files) {
        Matcher m = LEDGER_ENTRY.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) {
          entries.add(m.group(1) + "|" + m.group(2));
        }
      }
    }
    return entries;
  }

  /** A local path without a scheme (not s3://, not a pattern the run would refuse anyway). */
  private static boolean plainPath(String location) {
    if (location.isEmpty() || location.contains("://") || location.contains("*") || location.contains("?")) {
      return false;
    }
    try {
      Paths.get(location);
      return true;
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /** {@code --lightJitUpToMiB}'s default, from the option's own annotation. */
  static int defaultUpToMiB() {
    try {
      return BatchRunOptions.class.getMethod("getLightJitUpToMiB").getAnnotation(Default.Integer.class).value();
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }
}
