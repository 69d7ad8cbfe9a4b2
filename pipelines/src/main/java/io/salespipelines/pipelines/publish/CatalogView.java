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
