package io.salespipelines.transforms.parse;

import java.util.Locale;

/** How a landing file is read, decided by its name's ending (case-insensitive). */
public enum FileFormat {
  CSV,
  JSON_LINES;

  /** The format of a file name, or null when the landing zone does not read such files. */
  public static FileFormat of(String fileName) {
    String name = stripGzip(fileName.toLowerCase(Locale.ROOT));
    if (name.endsWith(".csv")) {
      return CSV;
    }
    if (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return JSON_LINES;
    }
    return null;
  }

  public static boolean isGzip(String fileName) {
    return fileName.toLowerCase(Locale.ROOT).endsWith(".gz");
  }

  private static String stripGzip(String lowerName) {
    return lowerName.endsWith(".gz") ? lowerName.substring(0, lowerName.length() - 3) : lowerName;
  }
}
