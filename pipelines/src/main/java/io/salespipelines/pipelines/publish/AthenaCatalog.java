package io.salespipelines.pipelines.publish;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * The DDL that makes a run's tables queryable in place: {@code <output>/_catalog/}, one statement
 * per file, run in file-name order. Athena/Glue {@code CREATE EXTERNAL TABLE} (Hive DDL) for every
 * table, its partitions by Athena partition projection where their values can be enumerated or
 * computed, {@code MSCK REPAIR TABLE} for the engines without projection, and the job's views.
 */
public final class AthenaCatalog {
  public static final String FOLDER = "_catalog";
  /** Athena's (and Hive's) JSON SerDe; Spark and Hive load it from hive-hcatalog-core. */
  static final String JSON_SERDE = "org.apache.hive.hcatalog.data.JsonSerDe";

  private AthenaCatalog() {}

  /** One file of the catalog: its name, its one SQL statement, and what it does. */
  public static final class Statement {
    public final String file;
    public final String sql;
    public final String about;

    Statement(String file, String sql, String about) {
      this.file = file;
      this.sql = sql;
      this.about = about;
    }
  }

  /**
   * Writes the catalog of the tables under {@code output} into {@code <output>/_catalog/}, removing
   * statement files an earlier run wrote that this one does not.
   */
  public static List<Statement> write(
      String output, String database, String heading, List<CatalogTable> tables,
      List<CatalogView> views, LocalDate today) throws IOException {
    String root = OutputFiles.withSlash(output);
    Map<String, Map<String, SortedSet<String>>> partitions = new LinkedHashMap<>();
    for (CatalogTable table : tables) {
      if (!table.partitionColumns().isEmpty()) {
        partitions.put(table.name(), partitionValues(root + table.name(), table.partitionColumns()));
      }
    }
    List<Statement> statements =
        statements(database, OutputFiles.locationUri(output), tables, partitions, views, today);
    String folder = root + FOLDER + "/";
    Set<String> names = statements.stream().map(s -> s.file).collect(Collectors.toSet());
    List<String> stale = new ArrayList<>();
    for (MatchResult.Metadata m : OutputFiles.list(folder + "*.sql")) {
      if (!names.contains(m.resourceId().getFilename())) {
        stale.add(m.resourceId().toString());
      }
    }
    OutputFiles.delete(stale);
    for (Statement s : statements) {
      OutputFiles.writeText(folder + s.file, s.sql, MimeTypes.TEXT);
    }
    OutputFiles.writeText(folder + "README.md", readme(heading, database, statements), MimeTypes.TEXT);
    return statements;
  }

  /** The statements, in the order they must run. */
  static List<Statement> statements(
      String database, String outputUri, List<CatalogTable> tables,
      Map<String, Map<String, SortedSet<String>>> partitions, List<CatalogView> views, LocalDate today) {
    List<Statement> out = new ArrayList<>();
    out.add(new Statement(
        "000_database.sql", "CREATE DATABASE IF NOT EXISTS " + database + ";\n",
        "creates the database " + database));
    List<Statement> projections = new ArrayList<>();
    List<Statement> repairs = new ArrayList<>();
    int n = 0;
    for (CatalogTable table : tables) {
      String qualified = database + "." + table.name();
      Projection projection = projection(table, partitions.get(table.name()), today);
      out.add(new Statement(
          String.format("%03d_table_%s.sql", 100 + n, table.name()),
          createTable(qualified, table, OutputFiles.withSlash(outputUri) + table.name() + "/", projection),
          "table " + table.name() + ": " + table.comment()));
      if (!table.partitionColumns().isEmpty()) {
        // Also when projection is not possible (any more): a stale value list would hide partitions.
        Map<String, String> update =
            projection.properties != null ? projection.properties : Map.of("projection.enabled", "false");
        projections.add(new Statement(
            String.format("%03d_projection_%s.sql", 200 + n, table.name()),
            "ALTER TABLE " + qualified + " SET TBLPROPERTIES (\n" + properties(update) + "\n);\n",
            projection.properties != null
                ? "Athena: brings " + table.name() + "'s partition projection up to date (" + projection.about + ")"
                : "Athena: turns partition projection of " + table.name() + " off (" + projection.about + ")"));
      }
      if (!table.partitionColumns().isEmpty()) {
        repairs.add(new Statement(
            String.format("%03d_repair_%s.sql", 300 + n, table.name()),
            "MSCK REPAIR TABLE " + qualified + ";\n",
            "Spark SQL, Hive"
                + (projection.properties == null ? ", and Athena (not projected: " + projection.about + ")" : "")
                + ": loads " + table.name() + "'s partitions; run it again after each run"));
      }
      n++;
    }
    out.addAll(projections);
    out.addAll(repairs);
    n = 0;
    for (CatalogView view : views) {
      out.add(new Statement(
          String.format("%03d_view_%s.sql", 400 + n++, view.name()),
          "CREATE OR REPLACE VIEW " + database + "." + view.name() + " AS\n" + view.query().strip() + ";\n",
          "view " + view.name() + ": " + view.comment()));
    }
    return out;
  }

  /** A table's projection properties (with projection.enabled), or null, and what they cover. */
  private static final class Projection {
    final Map<String, String> properties;
    final String about;

    Projection(Map<String, String> properties, String about) {
      this.properties = properties;
      this.about = about;
    }
  }

  private static Projection projection(
      CatalogTable table, Map<String, SortedSet<String>> values, LocalDate today) {
    if (table.partitionColumns().isEmpty()) {
      return new Projection(null, "not partitioned");
    }
    if (values == null || values.values().stream().anyMatch(Set::isEmpty)) {
      return new Projection(null, "no partition folders yet");
    }
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("projection.enabled", "true");
    List<String> covered = new ArrayList<>();
    for (int i = 0; i < table.partitionColumns().size(); i++) {
      String column = table.partitionColumns().get(i);
      PartitionProjection.Result result =
          table.projections().get(i).properties(column, values.get(column), today);
      if (!result.projected()) {
        return new Projection(null, column + ": " + result.problem);
      }
      properties.putAll(result.properties);
      covered.add(column + " " + describe(result.properties, column, values.get(column)));
    }
    return new Projection(properties, String.join("; ", covered));
  }

  private static String describe(Map<String, String> p, String column, SortedSet<String> values) {
    String type = p.get("projection." + column + ".type");
    if ("enum".equals(type)) {
      return "one of the " + values.size() + " values found";
    }
    return "in " + p.get("projection." + column + ".range").replace(",", "..");
  }

  private static String createTable(String qualified, CatalogTable table, String location, Projection projection) {
    StringBuilder sql = new StringBuilder("CREATE EXTERNAL TABLE IF NOT EXISTS ").append(qualified).append(" (\n");
    sql.append(table.columns().stream()
        .map(c -> "  `" + c.name + "` " + c.hiveType)
        .collect(Collectors.joining(",\n")));
    sql.append("\n)\nCOMMENT ").append(literal(table.comment())).append('\n');
    if (!table.partitionColumns().isEmpty()) {
      sql.append("PARTITIONED BY (\n")
          .append(table.partitionColumns().stream()
              .map(c -> "  `" + c + "` STRING")
              .collect(Collectors.joining(",\n")))
          .append("\n)\n");
    }
    Map<String, String> properties = new LinkedHashMap<>();
    if (table.format() == CatalogTable.Format.PARQUET) {
      sql.append("STORED AS PARQUET\n");
      properties.put("classification", "parquet");
      properties.put("parquet.compression", "SNAPPY");
    } else {
      sql.append("ROW FORMAT SERDE ").append(literal(JSON_SERDE)).append('\n');
      sql.append("STORED AS TEXTFILE\n");
      properties.put("classification", "json");
    }
    sql.append("LOCATION ").append(literal(location)).append('\n');
    if (projection.properties != null) {
      properties.putAll(projection.properties);
    }
    sql.append("TBLPROPERTIES (\n").append(properties(properties)).append("\n);\n");
    return sql.toString();
  }

  private static String properties(Map<String, String> properties) {
    return properties.entrySet().stream()
        .map(e -> "  " + literal(e.getKey()) + "=" + literal(e.getValue()))
        .collect(Collectors.joining(",\n"));
  }

  /** A Hive string literal (backslash escapes). */
  static String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** The values of each partition column found in the table's data file paths. */
  static Map<String, SortedSet<String>> partitionValues(String tableFolder, List<String> columns)
      throws IOException {
    Map<String, SortedSet<String>> values = new LinkedHashMap<>();
    columns.forEach(c -> values.put(c, new TreeSet<>()));
    for (String file : OutputFiles.dataFiles(tableFolder)) {
      String[] parts = file.split("/");
      if (parts.length <= columns.size()) {
        continue;
      }
      List<String> found = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        String prefix = columns.get(i) + "=";
        if (!parts[i].startsWith(prefix)) {
          break;
        }
        found.add(parts[i].substring(prefix.length()));
      }
      if (found.size() == columns.size()) {
        for (int i = 0; i < columns.size(); i++) {
          values.get(columns.get(i)).add(found.get(i));
        }
      }
    }
    return values;
  }

  private static String readme(String heading, String database, List<Statement> statements) {
    StringBuilder md = new StringBuilder("# Catalog\n\n").append(heading).append("\n\n");
    md.append("Database `").append(database).append("`. One statement per file; run them in file-name order")
        .append(" (the Athena console, `aws athena start-query-execution --query-string file://FILE`,")
        .append(" `spark-sql -f FILE`, `hive -f FILE`).\n\n")
        .append("- Athena: every file; `3xx_repair_*` only for a table whose projection is off (see below):")
        .append(" partition projection finds the partitions, no crawler, no `MSCK REPAIR`.\n")
        .append("- Spark SQL, Hive: every file; the projection properties are stored and ignored, and")
        .append(" `3xx_repair_*` loads the partitions. The JSON tables need `hive-hcatalog-core` on the class")
        .append(" path (EMR has it).\n")
        .append("- After a later run: the `2xx` and `3xx` files again (new stores, new months); the tables")
        .append(" themselves are created once (`IF NOT EXISTS`).\n\n")
        .append("| file | what |\n|---|---|\n");
    for (Statement s : statements) {
      md.append("| `").append(s.file).append("` | ").append(s.about.replace("|", "\\|")).append(" |\n");
    }
    return md.toString();
  }
}
