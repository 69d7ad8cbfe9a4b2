package io.salespipelines.pipelines.publish;

/**
 * A view of the catalog. Its query is plain SQL that both Athena (Trino) and Spark/Hive accept:
 * unquoted lower-case names (Trino quotes with double quotes, Hive with backticks) and
 * database-qualified tables.
 */
public final class CatalogView {
  private final String name;
  private final String comment;
  private final String query;

  private CatalogView(String name, String comment, String query) {
    this.name = name;
    this.comment = comment;
    this.query = query;
  }

  /** @param query a SELECT over {@code <database>.<table>} names */
  public static CatalogView of(String name, String comment, String query) {
    return new CatalogView(name, comment, query);
  }

  /** Dead letters per run and error type, over {@link CatalogTable#deadLetters()}. */
  public static CatalogView deadLettersByRun(String database) {
    return of(
        "dead_letters_by_run", "dead letters per run and error type",
        "SELECT run_id, error_type, COUNT(*) AS dead_letters\n"
            + "FROM " + database + ".dead_letter\n"
            + "GROUP BY run_id, error_type");
  }

  public String name() {
    return name;
  }

  public String comment() {
    return comment;
  }

  public String query() {
    return query;
  }
}
