package io.salespipelines.transforms.jdbc;

import java.util.regex.Pattern;

/** Makes JDBC URLs safe to print: passwords in parameters or user info are masked. */
public final class JdbcUrls {
  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("(?i)((?:password|pwd)\\s*=)[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/:@]+:)[^@/]*@");

  private JdbcUrls() {}

  public static String withoutSecrets(String url) {
    String masked = PASSWORD_PARAM.matcher(url).replaceAll("$1****");
    return USER_INFO.matcher(masked).replaceAll("$1****@");
  }
}
