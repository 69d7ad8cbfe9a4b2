package io.salespipelines.pipelines;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code --config=FILE}: a job's options from a parameter file.
 *
 * <p>Format: one parameter per line, {@code name=value} (a leading {@code --} is allowed, so a
 * line may be copied from a command line); a bare {@code name} means {@code --name} (a boolean
 * switched on); blank lines and lines starting with {@code #} are ignored; everything after the
 * first {@code =} is the value, trimmed, with no quoting. {@code ${VAR}} is replaced by the
 * environment variable VAR ({@code ${VAR:-default}} when it may be unset; {@code $$} is a literal
 * {@code $}). Relative paths in values are relative to the working directory, not the file.
 *
 * <p>Several {@code --config} options are read in order, a later file overriding an earlier one;
 * any option given on the command line overrides every file. Each file parameter is checked on its
 * own against the job's options before anything runs: an unknown name or a value that does not
 * parse is a {@link UsageException} naming the file, the line and the parameter.
 */
public final class ConfigFile {
  static final String OPTION = "--config";
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  /** The interfaces of all jobs: a parameter that only another job has is unknown to this one. */
  private static final List<Class<? extends PipelineOptions>> JOB_INTERFACES = new ArrayList<>();

  private ConfigFile() {}

  static synchronized void registerJob(Class<? extends PipelineOptions> type) {
    if (!JOB_INTERFACES.contains(type)) {
      JOB_INTERFACES.add(type);
    }
  }

  /** True if the arguments contain a {@code --config=} option. */
  public static boolean hasConfig(String[] args) {
    for (String a : args) {
      if (a.startsWith(OPTION + "=") || a.equals(OPTION)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The arguments with every {@code --config=FILE} replaced by the file's parameters, minus those the
   * command line gives itself; file parameters come first. Checks every file parameter against
   * {@code type}.
   */
  public static <T extends PipelineOptions> String[] expand(
      String[] args, Class<T> type, Map<String, String> env) {
    if (!hasConfig(args)) {
      return args;
    }
    registerJob(type);
    Map<String, String> fromFiles = new LinkedHashMap<>();
    List<String> commandLine = new ArrayList<>();
    for (String a : args) {
      if (a.equals(OPTION) || a.equals(OPTION + "=")) {
        throw new UsageException("--config needs a file: --config=FILE");
      } else if (a.startsWith(OPTION + "=")) {
        fromFiles.putAll(read(Paths.get(a.substring(OPTION.length() + 1)), type, env));
      } else {
        commandLine.add(a);
      }
    }
    Set<String> given = new HashSet<>();
    for (String a : commandLine) {
      given.add(nameOf(a));
    }
    List<String> merged = new ArrayList<>();
    fromFiles.forEach((name, arg) -> {
      if (!given.contains(name)) {
        merged.add(arg);
      }
    });
    merged.addAll(commandLine);
    return merged.toArray(new String[0]);
  }

  /** For the relaunch check in {@code main}: the expanded arguments, or the given ones if they do not expand. */
  static String[] effectiveArgs(String[] args) {
    if (!hasConfig(args)) {
      return args;
    }
    List<String> all = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith(OPTION + "=")) {
        try {
          for (Line line : lines(Paths.get(a.substring(OPTION.length() + 1)), System.getenv())) {
            all.add(line.arg);
          }
        } catch (RuntimeException e) {
          // reported properly when the job parses its options
        }
      } else {
        all.add(a);
      }
    }
    return all.toArray(new String[0]);
  }

  /** The parameters of one file, by name, each as a {@code --name=value} argument, checked against {@code type}. */
  static <T extends PipelineOptions> Map<String, String> read(Path file, Class<T> type, Map<String, String> env) {
    Set<String> jobProperties = properties(type);
    Set<String> otherJobsProperties = new HashSet<>();
    synchronized (ConfigFile.class) {
      for (Class<? extends PipelineOptions> other : JOB_INTERFACES) {
        if (other != type) {
          otherJobsProperties.addAll(properties(other));
        }
      }
    }
    otherJobsProperties.removeAll(jobProperties);
    Map<String, String> result = new LinkedHashMap<>();
    for (Line line : lines(file, env)) {
      String where = file + ":" + line.number + ": parameter '" + line.name + "'";
      if (line.name.equals("config")) {
        throw new UsageException(where + ": a parameter file cannot name another one");
      }
      if (result.containsKey(line.name)) {
        throw new UsageException(where + ": given twice in the file");
      }
      if (otherJobsProperties.contains(line.name)) {
        throw new UsageException(where + ": unknown option --" + line.name + " for this job (--help lists the options)");
      }
      try {
        PipelineOptionsFactory.fromArgs(line.arg).as(type);
      } catch (IllegalArgumentException e) {
        String message = JobOptions.maskSecrets(JobOptions.explain(e.getMessage()), new String[] {line.arg})
            .replaceAll("\\s+at \\[Source: .*$", "");
        throw new UsageException(where + ": " + message);
      }
      result.put(line.name, line.arg);
    }
    return result;
  }

  static final class Line {
    final int number;
    final String name;
    final String arg;

    Line(int number, String name, String arg) {
      this.number = number;
      this.name = name;
      this.arg = arg;
    }
  }

  static List<Line> lines(Path file, Map<String, String> env) {
    List<String> text;
    try {
      text = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UsageException("--config: the parameter file " + file + " does not exist");
    } catch (IOException e) {
      throw new UsageException("--config: cannot read the parameter file " + file + ": " + e.getMessage());
    }
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < text.size(); i++) {
      String raw = text.get(i).strip();
      if (i == 0 && raw.startsWith("\uFEFF")) {
        raw = raw.substring(1).strip();
      }
      if (raw.isEmpty() || raw.startsWith("#")) {
        continue;
      }
      int number = i + 1;
      String body = raw.startsWith("--") ? raw.substring(2) : raw;
      int eq = body.indexOf('=');
      String name = (eq < 0 ? body : body.substring(0, eq)).strip();
      if (!NAME.matcher(name).matches()) {
        throw new UsageException(file + ":" + number + ": not a parameter (expected name=value): " + firstWord(raw));
      }
      if (eq < 0) {
        lines.add(new Line(number, name, "--" + name));
      } else {
        String value = substitute(body.substring(eq + 1).strip(), env, file + ":" + number + ": parameter '" + name + "'");
        lines.add(new Line(number, name, "--" + name + "=" + value));
      }
    }
    return lines;
  }

  static String substitute(String value, Map<String, String> env, String where) {
    Matcher m = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else {
        String v = env.get(m.group(1));
        if (v == null || (v.isEmpty() && m.group(2) != null)) {
          if (m.group(2) == null) {
            throw new UsageException(where + ": environment variable " + m.group(1) + " is not set");
          }
          v = m.group(2);
        }
        replacement = v;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Property names of an options interface (and those it extends). */
  static Set<String> properties(Class<? extends PipelineOptions> type) {
    Set<String> names = new HashSet<>();
    for (Method m : type.getMethods()) {
      String n = m.getName();
      if (m.getParameterCount() == 0 && n.startsWith("get") && n.length() > 3) {
        names.add(decapitalize(n.substring(3)));
      } else if (m.getParameterCount() == 0 && n.startsWith("is") && n.length() > 2) {
        names.add(decapitalize(n.substring(2)));
      }
    }
    return names;
  }

  private static String decapitalize(String s) {
    if (s.length() > 1 && Character.isUpperCase(s.charAt(1)) && Character.isUpperCase(s.charAt(0))) {
      return s; // java.beans rule: "SSEAlgorithm" stays
    }
    return s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
  }

  private static String nameOf(String arg) {
    String body = arg.startsWith("--") ? arg.substring(2) : arg;
    int eq = body.indexOf('=');
    return eq < 0 ? body : body.substring(0, eq);
  }

  private static String firstWord(String s) {
    String w = s.split("\\s+")[0];
    return w.length() > 40 ? w.substring(0, 40) + "…" : w;
  }
}
