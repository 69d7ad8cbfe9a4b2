package io.salespipelines.querytests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark SQL with Hive support over an embedded Derby metastore of its own, and the statement files
 * of an output's {@code _catalog/} run in it as written, in file-name order. One per test class.
 */
final class SparkSqlCatalog {
  final SparkSession spark;
  final List<String> executed = new ArrayList<>();

  private SparkSqlCatalog(SparkSession spark) {
    this.spark = spark;
  }

  /** A session whose metastore and warehouse live in {@code hive} (emptied first). */
  static SparkSqlCatalog start(Path hive, String appName) throws IOException {
    TwoSalesMartsRuns.deleteTree(hive);
    Files.createDirectories(hive);
    System.setProperty("derby.system.home", hive.toString());
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName(appName)
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "2")
            // Partition values and dates as Athena sees them: UTC.
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.warehouse.dir", hive.resolve("warehouse").toUri().toString())
            .config("spark.hadoop.javax.jdo.option.ConnectionURL",
                "jdbc:derby:;databaseName=" + hive.resolve("metastore_db") + ";create=true")
            .enableHiveSupport()
            .getOrCreate();
    return new SparkSqlCatalog(spark);
  }

  /** Runs every {@code *.sql} file of {@code catalog} in file-name order. */
  SparkSqlCatalog run(Path catalog) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(catalog)) {
      files = list.filter(p -> p.toString().endsWith(".sql")).sorted().collect(Collectors.toList());
    }
    for (Path file : files) {
      spark.sql(Files.readString(file));
      executed.add(file.getFileName().toString());
    }
    return this;
  }

  Row one(String sql) {
    List<Row> rows = spark.sql(sql).collectAsList();
    if (rows.size() != 1) {
      throw new AssertionError(sql + ": " + rows.size() + " rows");
    }
    return rows.get(0);
  }

  List<Row> rows(String sql) {
    return spark.sql(sql).collectAsList();
  }

  Map<String, String> tableProperties(String table) {
    Map<String, String> properties = new TreeMap<>();
    for (Row r : rows("SHOW TBLPROPERTIES " + table)) {
      properties.put(r.getString(0), r.getString(1));
    }
    return properties;
  }

  void stop() {
    spark.stop();
  }
}
