package io.salespipelines.transforms.jdbc;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** One case per credential form a supported JDBC URL can carry. */
@RunWith(JUnit4.class)
public class JdbcUrlsTest {
  private static void masks(String url, String expected) {
    assertThat(url, JdbcUrls.withoutSecrets(url), equalTo(expected));
  }

  @Test
  public void h2PasswordSetting() {
    masks("jdbc:h2:file:/data/marts;PASSWORD=s3cret;CIPHER=AES", "jdbc:h2:file:/data/marts;PASSWORD=****;CIPHER=AES");
    // With CIPHER the value is "file-password user-password": both go.
    masks("jdbc:h2:file:/d;CIPHER=AES;password=filepw userpw", "jdbc:h2:file:/d;CIPHER=AES;password=****");
  }

  @Test
  public void semicolonUserAndPasswordSettings() {
    masks("jdbc:h2:tcp://h/db;user=sa;password=s3cret", "jdbc:h2:tcp://h/db;user=sa;password=****");
    masks("jdbc:h2:mem:x; USER = sa ; Password = s3cret ;DB_CLOSE_DELAY=-1",
        "jdbc:h2:mem:x; USER = sa ; Password =****;DB_CLOSE_DELAY=-1");
  }

  @Test
  public void postgresqlPasswordFirstInTheQuery() {
    masks("jdbc:postgresql://h:5432/db?password=s3cret&user=a", "jdbc:postgresql://h:5432/db?password=****&user=a");
  }

  @Test
  public void postgresqlPasswordLaterInTheQuery() {
    masks("jdbc:postgresql://h/db?user=a&password=s3cret&ssl=true", "jdbc:postgresql://h/db?user=a&password=****&ssl=true");
  }

  @Test
  public void postgresqlSslPasswordAndKey() {
    masks("jdbc:postgresql://h/db?ssl=true&sslkey=/keys/client.pk8&sslpassword=keypw",
        "jdbc:postgresql://h/db?ssl=true&sslkey=****&sslpassword=****");
  }

  @Test
  public void keyStoreAndTrustStorePasswords() {
    masks("jdbc:mysql://h/db?useSSL=true&clientCertificateKeyStorePassword=k1&trustCertificateKeyStorePassword=t1",
        "jdbc:mysql://h/db?useSSL=true&clientCertificateKeyStorePassword=****&trustCertificateKeyStorePassword=****");
    masks("jdbc:mariadb://h/db?keyStore=/k.jks&keyStorePassword=k1&keyPassword=k2&trustStorePassword=t1",
        "jdbc:mariadb://h/db?keyStore=/k.jks&keyStorePassword=****&keyPassword=****&trustStorePassword=****");
  }

  @Test
  public void mysqlUserInfo() {
    masks("jdbc:mysql://bob:s3cret@h:3306/db", "jdbc:mysql://bob:****@h:3306/db");
  }

  @Test
  public void userInfoWithAtSignsAndSlashesInThePassword() {
    masks("jdbc:mariadb://bob:p@ss/w0rd@h/db?user=x@corp", "jdbc:mariadb://bob:****@h/db?user=x@corp");
  }

  @Test
  public void userInfoOnEveryHostOfAMultiHostUrl() {
    masks("jdbc:mysql://u1:p1@h1:3306,u2:p2@h2:3306/db", "jdbc:mysql://u1:****@h2:3306/db");
    masks("jdbc:mariadb:replication://u:pw@primary,replica/db", "jdbc:mariadb:replication://u:****@primary,replica/db");
  }

  @Test
  public void mariadbPasswordInTheQuery() {
    masks("jdbc:mariadb://h:3306/db?user=a&password=s3cret", "jdbc:mariadb://h:3306/db?user=a&password=****");
  }

  @Test
  public void mysqlKeyValueHostForms() {
    masks("jdbc:mysql://(host=h,port=3306,user=a,password=s3cret)/db", "jdbc:mysql://(host=h,port=3306,user=a,password=****)/db");
    masks("jdbc:mysql://address=(host=h)(port=3306)(password=s3cret)/db",
        "jdbc:mysql://address=(host=h)(port=3306)(password=****)/db");
  }

  @Test
  public void urlEncodedValuesAreMaskedWhole() {
    masks("jdbc:postgresql://h/db?password=p%40ss%26w%3Drd&x=1", "jdbc:postgresql://h/db?password=****&x=1");
    masks("jdbc:mysql://bob:p%40ss%2Fw@h/db", "jdbc:mysql://bob:****@h/db");
  }

  @Test
  public void otherSecretLookingParameters() {
    masks("jdbc:postgresql://h/db?pwd=a&passwd=b&authToken=c&clientSecret=d",
        "jdbc:postgresql://h/db?pwd=****&passwd=****&authToken=****&clientSecret=****");
  }

  @Test
  public void urlsWithoutSecretsStayAsTheyAre() {
    for (String url :
        new String[] {
          "jdbc:h2:file:/data/marts", "jdbc:postgresql://h:5432/db?user=admin@srv&ssl=true",
          "jdbc:mysql://h:3306/db", "jdbc:mariadb://(host=h,port=3306)/db"
        }) {
      masks(url, url);
    }
  }

  @Test
  public void anUnsupportedUrlShowsOnlyItsScheme() {
    assertThat(JdbcUrls.scheme("jdbc:oracle:thin:scott/tiger@host:1521/orcl"), equalTo("jdbc:oracle:"));
    try {
      SqlDialect.of("jdbc:oracle:thin:scott/tiger@host:1521/orcl");
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage().contains("tiger"), equalTo(false));
      return;
    }
    throw new AssertionError("accepted an Oracle URL");
  }

  @Test
  public void theSecretsThemselvesAreFoundForMaskingQuotedPieces() {
    assertThat(JdbcUrls.secrets("jdbc:mysql://etl:pa@ss/w@127.0.0.1:1/db"), equalTo(java.util.List.of("pa@ss/w")));
    assertThat(JdbcUrls.secrets("jdbc:postgresql://h/db?user=a&password=p%26ss&sslpassword=k"),
        equalTo(java.util.List.of("p%26ss", "p&ss", "k")));
    assertThat(JdbcUrls.secrets("jdbc:h2:file:/d;USER=sa;PASSWORD=s3cret"), equalTo(java.util.List.of("s3cret")));
    assertThat(JdbcUrls.secrets("jdbc:postgresql://h:5432/db?user=a"), equalTo(java.util.List.of()));
  }
}
