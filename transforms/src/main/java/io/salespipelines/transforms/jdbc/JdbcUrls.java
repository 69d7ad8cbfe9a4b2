package io.salespipelines.transforms.jdbc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes JDBC URLs safe to print: every credential a supported URL can carry is replaced by {@code
 * ****}. When the end of a secret is ambiguous, more is masked rather than less.
 *
 * <ul>
 *   <li>parameters whose name contains password, passwd, pwd, secret, token or credential, and
 *       {@code sslkey}: {@code ?password=}, {@code &sslpassword=}, {@code &trustStorePassword=},
 *       {@code &keyStorePassword=}, H2's {@code ;PASSWORD=}, {@code ;user=..;password=..}; in a
 *       query the value runs to the next {@code &}, after {@code ;} to the next {@code ;}, so a
 *       URL-encoded value ({@code p%26ss}) is masked whole;
 *   <li>MySQL's key-value host forms: {@code (host=h,password=p)}, {@code address=(host=h)(password=p)};
 *   <li>user info: {@code //user:pass@host}, the password running to the last {@code @} before the
 *       query (so a raw {@code @} or {@code /} in it is masked too), on every host of a multi-host URL.
 * </ul>
 */
public final class JdbcUrls {
  private static final String SECRET_NAME =
      "(?:[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|credential)[A-Za-z0-9_.-]*|sslkey)";
  private static final Pattern IN_PARENTHESES =
      Pattern.compile("(?i)([(,]\\s*" + SECRET_NAME + "\\s*=)([^,)]*)");
  private static final Pattern IN_QUERY = Pattern.compile("(?i)([?&]\\s*" + SECRET_NAME + "\\s*=)([^&]*)");
  private static final Pattern AFTER_SEMICOLON = Pattern.compile("(?i)(;\\s*" + SECRET_NAME + "\\s*=)([^;]*)");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/?#@:]*:)([^?#]*)@");

  private JdbcUrls() {}

  public static String withoutSecrets(String url) {
    String masked = IN_PARENTHESES.matcher(url).replaceAll("$1****");
    masked = IN_QUERY.matcher(masked).replaceAll("$1****");
    masked = AFTER_SEMICOLON.matcher(masked).replaceAll("$1****");
    return USER_INFO.matcher(masked).replaceAll("$1****@");
  }

  /**
   * The secret values themselves (as written and URL-decoded), for masking text that quotes them
   * out of their URL: a driver's message may echo a piece of the URL it could not parse.
   */
  public static List<String> secrets(String url) {
    List<String> found = new ArrayList<>();
    for (Pattern p : List.of(IN_PARENTHESES, IN_QUERY, AFTER_SEMICOLON, USER_INFO)) {
      Matcher m = p.matcher(url);
      while (m.find()) {
        String value = m.group(2).strip();
        if (!value.isEmpty()) {
          found.add(value);
          try {
            String decoded = URLDecoder.decode(value, StandardCharsets.UTF_8);
            if (!decoded.equals(value)) {
              found.add(decoded);
            }
          } catch (IllegalArgumentException notEncoded) {
            // A raw '%' in a password: the value as written is what there is.
          }
        }
      }
    }
    return found;
  }

  /** The URL's scheme ({@code jdbc:oracle:}), all that is safe to print of a URL that is not parsed. */
  public static String scheme(String url) {
    int first = url.indexOf(':');
    int second = first < 0 ? -1 : url.indexOf(':', first + 1);
    return second < 0 ? "(not a jdbc: URL)" : url.substring(0, second + 1);
  }
}
