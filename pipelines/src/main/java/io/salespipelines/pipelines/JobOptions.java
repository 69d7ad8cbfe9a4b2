package io.salespipelines.pipelines;

import io.salespipelines.transforms.jdbc.JdbcUrls;
import java.io.PrintStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Parses a job's {@code --name=value} options with Beam's factory, turning its errors into one line. */
public final class JobOptions {
  private static final Pattern UNKNOWN = Pattern.compile("missing a property named '([^']+)'");
  private static final Pattern MISSING = Pattern.compile("Missing required value for \\[(--\\w+)");

  private JobOptions() {}

  /** True if the user asked for help. */
  public static boolean wantsHelp(String[] args) {
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h") || a.startsWith("--help=")) {
        return true;
      }
    }
    return false;
  }

  public static void printHelp(String job, Class<? extends PipelineOptions> options, PrintStream out) {
    out.println("Options of '" + job + "' (--name=value):");
    out.println("  --config=FILE");
    out.println("    Parameter file: name=value lines, # comments, ${ENV_VAR} substitution (see");
    out.println("    run-configs/README.md); options on the command line override it.");
    DefaultHeap.HELP.forEach(line -> out.println("  " + line));
    ClassDataArchive.HELP.forEach(line -> out.println("  " + line));
    PipelineOptionsFactory.printHelp(out, options);
  }

  public static <T extends PipelineOptions> T parse(String[] args, Class<T> type) {
    PipelineOptionsFactory.register(type);
    args = ConfigFile.expand(args, type, System.getenv());
    try {
      return PipelineOptionsFactory.fromArgs(args).withValidation().as(type);
    } catch (IllegalArgumentException e) {
      throw new UsageException(maskSecrets(naming(explain(e.getMessage()), args, type), args));
    }
  }

  /**
   * Beam's message for a value of the wrong type names neither the option nor what was expected
   * in words ("Cannot deserialize value of type `long` from String ..."), and for an option given
   * twice it lists the values only: the option that fails is found by parsing each alone.
   */
  static String naming(String message, String[] args, Class<? extends PipelineOptions> type) {
    if (message.startsWith("unknown option") || message.startsWith("missing required option")) {
      return message;
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String a : args) {
      if (a.startsWith("--") && !seen.add(optionName(a))) {
        return optionName(a) + " is given more than once";
      }
    }
    for (String a : args) {
      if (!a.startsWith("--")) {
        continue;
      }
      try {
        PipelineOptionsFactory.fromArgs(a).as(type);
      } catch (IllegalArgumentException alone) {
        return optionName(a) + ": " + message.replace(" at [Source: UNKNOWN; byte offset: #UNKNOWN]", "").strip();
      }
    }
    return message;
  }

  private static String optionName(String arg) {
    int eq = arg.indexOf('=');
    return eq < 0 ? arg : arg.substring(0, eq);
  }

  /** The arguments with {@code --config=FILE} replaced by the file's parameters (see {@link ConfigFile}). */
  public static String[] expandConfig(String[] args, Class<? extends PipelineOptions> type) {
    PipelineOptionsFactory.register(type);
    return ConfigFile.expand(args, type, System.getenv());
  }

  /** Option names whose values never reach a message (Beam echoes a value it cannot parse). */
  /** Words that make an option's or a JSON member's name a secret one: their values are never shown. */
  public static final String SECRET_WORDS = "password|secret|token|credential|key";

  private static final Pattern SECRET = Pattern.compile("(?i)(" + SECRET_WORDS + ")");

  static String hideSecrets(String message, String[] args) {
    for (String a : args) {
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 2 && eq + 1 < a.length() && SECRET.matcher(a.substring(2, eq)).find()) {
        message = message.replace(a.substring(eq + 1), "<value of " + a.substring(0, eq) + " not shown>");
      }
    }
    return message;
  }

  /**
   * A message with every secret the arguments hold masked: values of secret-named options, URLs
   * that carry credentials (replaced by their masked form), and the password in the environment
   * variable {@code --jdbcPasswordEnv} names. Literal values, not patterns: a pattern run over a
   * whole message would mask text that only looks like a URL.
   */
  public static String maskSecrets(String message, String[] args) {
    message = hideSecrets(message, args);
    for (String a : args) {
      int eq = a.indexOf('=');
      if (!a.startsWith("--") || eq < 0) {
        continue;
      }
      String value = a.substring(eq + 1);
      // A JSON value (--proxyConfiguration) may carry "password": "..." under a harmless option name.
      for (String secret : jsonSecrets(value)) {
        message = message.replace(secret, "****");
      }
      String masked = JdbcUrls.withoutSecrets(value);
      if (!masked.equals(value)) {
        message = message.replace(value, masked);
        // A driver may quote a piece of the URL it could not parse, password included.
        for (String secret : JdbcUrls.secrets(value)) {
          message = message.replace(secret, "****");
        }
      }
      if (a.startsWith("--jdbcPasswordEnv=")) {
        String password = System.getenv(value);
        if (password != null && !password.isEmpty()) {
          message = message.replace(password, "****");
        }
      }
    }
    return message;
  }

  /** A JSON member whose name looks secret, with a string value: {@code "password": "..."}. */
  private static final Pattern JSON_SECRET =
      Pattern.compile("(\"[^\"]*(?i:" + SECRET_WORDS + ")[^\"]*\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)\"");

  /** The values of secret-named string members anywhere in a text that holds JSON, as written. */
  static java.util.List<String> jsonSecrets(String text) {
    java.util.List<String> found = new java.util.ArrayList<>();
    Matcher m = JSON_SECRET.matcher(text);
    while (m.find()) {
      if (!m.group(2).isEmpty()) {
        found.add(m.group(2));
      }
    }
    return found;
  }

  /** A value with the string values of its secret-named JSON members masked. */
  public static String withoutJsonSecrets(String value) {
    return JSON_SECRET.matcher(value).replaceAll("$1****\"");
  }

  static String explain(String message) {
    if (message == null) {
      return "invalid options";
    }
    Matcher unknown = UNKNOWN.matcher(message);
    if (unknown.find()) {
      return "unknown option --" + unknown.group(1) + " (--help lists the options)";
    }
    Matcher missing = MISSING.matcher(message);
    if (missing.find()) {
      return "missing required option " + missing.group(1) + " (--help lists the options)";
    }
    return message.replace('\n', ' ');
  }
}
