package io.salespipelines.schemas;

/** Hive-style escaping of partition values, so that any key makes one safe folder name. */
public final class HivePartitions {
  private HivePartitions() {}

  /** Escapes the characters Hive escapes in partition values (path separators, '=', '%', ...). */
  public static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7F || "\"#%'*/:=?\\{[]^".indexOf(c) >= 0) {
        out.append('%').append(String.format("%02X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.length() == 0 ? "__HIVE_DEFAULT_PARTITION__" : out.toString();
  }
}
