package io.salespipelines.pipelines.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code --name=value} options of a command line, read without Beam's options registry. */
public final class CommandLineOptions {
  private CommandLineOptions() {}

  /**
   * Options by name, in the order first given (a later value of the same name wins); a lone
   * {@code --flag} is "true"; arguments that are not options are left out.
   */
  public static Map<String, String> byName(List<String> args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        continue;
      }
      int eq = arg.indexOf('=');
      options.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "true" : arg.substring(eq + 1));
    }
    return options;
  }
}
