package io.salespipelines.pipelines.publish;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipelines.pipelines.UsageException;
import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.ErrorType;
import io.salespipelines.schemas.Tables;
import io.salespipelines.transforms.write.WriteDeadLetters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The DDL text of the catalog; {@code CatalogInSparkSqlTest} (module query-tests) runs it. */
public class AthenaCatalogTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 30);
  private static final Schema DEAD_LETTER = CatalogTable.avroResource("/avro/dead_letter.avsc");
  private static final List<CatalogTable> TABLES =
      List.of(
          CatalogTable.parquet(Tables.STORE_PRODUCT_SALES, "per store and product"),
          CatalogTable.parquet(Tables.CUSTOMER_MART, "one row per sale"),
          CatalogTable.parquet(
              Tables.SALES_TEAM_MART, "one row per sale, partitioned",
              PartitionProjection.months("yyyy-MM"), PartitionProjection.enumerated()),
          CatalogTable.jsonLines(Tables.DEAD_LETTER, "rejects", DEAD_LETTER));
  private static final List<CatalogView> VIEWS =
      List.of(CatalogView.of("v1", "a view", "SELECT store_id FROM db1.store_product_sales"));

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @BeforeClass
  public static void fileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  private static Map<String, Map<String, SortedSet<String>>> partitions(String... storeIds) {
    Map<String, SortedSet<String>> values = new LinkedHashMap<>();
    values.put("sales_month", new TreeSet<>(List.of("2025-03", "2025-01", "2025-12")));
    values.put("store_id", new TreeSet<>(List.of(storeIds)));
    return Map.of("sales_team_mart", values);
  }

  private static Map<String, String> byFile(List<AthenaCatalog.Statement> statements) {
    Map<String, String> files = new LinkedHashMap<>();
    statements.forEach(s -> files.put(s.file, s.sql));
    return files;
  }

  @Test
  public void oneStatementPerFileInRunOrder() {
    Map<String, String> files =
        byFile(AthenaCatalog.statements("db1", "s3://bucket/marts/", TABLES, partitions("S1", "S2"), VIEWS, TODAY));
    assertEquals(
        List.of("000_database.sql", "100_table_store_product_sales.sql", "101_table_customer_mart.sql",
            "102_table_sales_team_mart.sql", "103_table_dead_letter.sql",
            "202_projection_sales_team_mart.sql", "302_repair_sales_team_mart.sql", "400_view_v1.sql"),
        new ArrayList<>(files.keySet()));
    for (Map.Entry<String, String> file : files.entrySet()) {
      String sql = file.getValue().strip();
      assertTrue(file.getKey() + " ends with one ';'", sql.endsWith(";") && sql.indexOf(';') == sql.length() - 1);
    }
    assertEquals("CREATE DATABASE IF NOT EXISTS db1;\n", files.get("000_database.sql"));
    assertEquals("MSCK REPAIR TABLE db1.sales_team_mart;\n", files.get("302_repair_sales_team_mart.sql"));
    assertEquals(
        "CREATE OR REPLACE VIEW db1.v1 AS\nSELECT store_id FROM db1.store_product_sales;\n",
        files.get("400_view_v1.sql"));
  }

  @Test
  public void columnTypesComeFromTheAvroSchemas() {
    Map<String, String> files =
        byFile(AthenaCatalog.statements("db1", "s3://bucket/marts/", TABLES, partitions("S1"), VIEWS, TODAY));
    assertEquals(
        "CREATE EXTERNAL TABLE IF NOT EXISTS db1.store_product_sales (\n"
            + "  `store_id` STRING,\n"
            + "  `store_name` STRING,\n"
            + "  `location` STRING,\n"
            + "  `product_id` STRING,\n"
            + "  `total_sales` DECIMAL(18,2),\n"
            + "  `transaction_count` BIGINT\n"
            + ")\n"
            + "COMMENT 'per store and product'\n"
            + "STORED AS PARQUET\n"
            + "LOCATION 's3://bucket/marts/store_product_sales/'\n"
            + "TBLPROPERTIES (\n"
            + "  'classification'='parquet',\n"
            + "  'parquet.compression'='SNAPPY'\n"
            + ");\n",
        files.get("100_table_store_product_sales.sql"));
    String customerMart = files.get("101_table_customer_mart.sql");
    assertThat(customerMart, containsString("  `sales_date` DATE,\n"));
    assertThat(customerMart, containsString("  `total_cost` DECIMAL(18,2),\n"));
    assertThat(customerMart, not(containsString("PARTITIONED BY")));
  }

  @Test
  public void partitionedTableHasProjectionOfMonthsAndStores() {
    String mart =
        byFile(AthenaCatalog.statements("db1", "s3://b/m", TABLES, partitions("S1", "S2"), VIEWS, TODAY))
            .get("102_table_sales_team_mart.sql");
    assertThat(mart, containsString("PARTITIONED BY (\n  `sales_month` STRING,\n  `store_id` STRING\n)\n"));
    // Partition columns are folder names, not columns of the files.
    assertFalse(mart.substring(0, mart.indexOf("PARTITIONED")).contains("`store_id`"));
    assertThat(mart, containsString("LOCATION 's3://b/m/sales_team_mart/'\n"));
    assertThat(mart, containsString(
        "  'projection.enabled'='true',\n"
            + "  'projection.sales_month.type'='date',\n"
            + "  'projection.sales_month.format'='yyyy-MM',\n"
            + "  'projection.sales_month.range'='2025-01,NOW',\n"
            + "  'projection.sales_month.interval'='1',\n"
            + "  'projection.sales_month.interval.unit'='MONTHS',\n"
            + "  'projection.store_id.type'='enum',\n"
            + "  'projection.store_id.values'='S1,S2'\n"));
  }

  @Test
  public void futureMonthsEndTheRangeInsteadOfNow() {
    Map<String, Map<String, SortedSet<String>>> values = partitions("S1");
    values.get("sales_team_mart").get("sales_month").add("2027-02");
    String mart =
        byFile(AthenaCatalog.statements("db1", "s3://b/m", TABLES, values, VIEWS, TODAY))
            .get("102_table_sales_team_mart.sql");
    assertThat(mart, containsString("'projection.sales_month.range'='2025-01,2027-02'"));
  }

  @Test
  public void escapedPartitionValuesTurnProjectionOffAndLeaveTheRepair() {
    Map<String, String> files =
        byFile(AthenaCatalog.statements("db1", "s3://b/m", TABLES, partitions("S1", "A%2FB"), VIEWS, TODAY));
    assertThat(files.get("102_table_sales_team_mart.sql"), not(containsString("projection")));
    assertEquals(
        "ALTER TABLE db1.sales_team_mart SET TBLPROPERTIES (\n  'projection.enabled'='false'\n);\n",
        files.get("202_projection_sales_team_mart.sql"));
    assertTrue(files.containsKey("302_repair_sales_team_mart.sql"));
  }

  @Test
  public void jsonLinesTableUsesTheHiveJsonSerDe() {
    String deadLetter =
        byFile(AthenaCatalog.statements("db1", "s3://b/m", TABLES, partitions("S1"), VIEWS, TODAY))
            .get("103_table_dead_letter.sql");
    assertThat(deadLetter, containsString("  `line` BIGINT,\n  `error_type` STRING,\n  `error_field` STRING,\n"));
    assertThat(deadLetter, containsString(
        "ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'\nSTORED AS TEXTFILE\n"));
    assertThat(deadLetter, not(containsString("PARQUET")));
  }

  @Test
  public void deadLetterColumnsAreTheFieldsTheWriterWrites() throws IOException {
    String json =
        WriteDeadLetters.toJson(
            "run-1", DeadLetter.of("f.csv", 3, ErrorType.MALFORMED, "price", "message", "raw"));
    List<String> written = new ArrayList<>();
    new ObjectMapper().readTree(json).fieldNames().forEachRemaining(written::add);
    assertEquals(
        DEAD_LETTER.getFields().stream().map(Schema.Field::name).collect(Collectors.toList()), written);
  }

  @Test
  public void literalsEscapeQuotes() {
    assertEquals("'it\\'s a\\\\b'", AthenaCatalog.literal("it's a\\b"));
  }

  @Test
  public void localOutputIsAFileUri() {
    assertEquals("file:///tmp/out/", OutputFiles.locationUri("/tmp/out"));
    assertEquals("s3://bucket/a/b/", OutputFiles.locationUri("s3://bucket/a/b"));
  }

  @Test
  public void writesTheFilesFindsPartitionFoldersAndRemovesStaleStatements() throws IOException {
    Path out = tmp.getRoot().toPath();
    Path mart = out.resolve("sales_team_mart");
    for (String partition : List.of("sales_month=2025-02/store_id=S2", "sales_month=2025-01/store_id=S1")) {
      Files.createDirectories(mart.resolve(partition));
      Files.writeString(mart.resolve(partition).resolve("part-r1-0.parquet"), "x");
    }
    // Not data: markers and hidden files say nothing about partitions.
    Files.writeString(mart.resolve("_SUCCESS"), "");
    Files.createDirectories(mart.resolve("sales_month=2024-01/.hidden"));
    Files.writeString(mart.resolve("sales_month=2024-01/.hidden/x.parquet"), "");
    Path catalog = out.resolve("_catalog");
    Files.createDirectories(catalog);
    Files.writeString(catalog.resolve("105_table_gone.sql"), "stale");

    List<AthenaCatalog.Statement> written =
        AthenaCatalog.write(out.toString(), "db1", "Test catalog.", TABLES, VIEWS, TODAY);

    assertFalse(Files.exists(catalog.resolve("105_table_gone.sql")));
    for (AthenaCatalog.Statement s : written) {
      assertEquals(s.sql, Files.readString(catalog.resolve(s.file)));
    }
    String table = Files.readString(catalog.resolve("102_table_sales_team_mart.sql"));
    assertThat(table, containsString("'projection.sales_month.range'='2025-01,NOW'"));
    assertThat(table, containsString("'projection.store_id.values'='S1,S2'"));
    assertThat(table, containsString("LOCATION '" + out.toUri() + "sales_team_mart/'"));
    String readme = Files.readString(catalog.resolve("README.md"));
    assertThat(readme, containsString("| `302_repair_sales_team_mart.sql` |"));
  }

  @Test
  public void emptyPartitionedTableIsNotProjected() throws IOException {
    Path out = tmp.getRoot().toPath();
    Files.createDirectories(out.resolve("sales_team_mart"));
    AthenaCatalog.write(out.toString(), "db1", "Empty.", TABLES, VIEWS, TODAY);
    String table = Files.readString(out.resolve("_catalog/102_table_sales_team_mart.sql"));
    assertThat(table, not(containsString("projection")));
    assertThat(Files.readString(out.resolve("_catalog/README.md")), containsString("no partition folders yet"));
  }

  @Test
  public void databaseNameIsCheckedAndDefaultsToTheJobName() {
    CatalogOptions options = PipelineOptionsFactory.as(CatalogOptions.class);
    assertEquals("sales_marts", Publisher.of(options, "sales-marts", null).database());
    options.setDatabase("Sales-Marts");
    try {
      Publisher.of(options, "sales-marts", null);
      throw new AssertionError("accepted " + options.getDatabase());
    } catch (UsageException e) {
      assertThat(e.getMessage(), containsString("--database"));
    }
  }

  @Test
  public void integerProjectionsNeedZeroPaddedValues() {
    SortedSet<String> hours = new TreeSet<>(List.of("00", "07", "23"));
    assertEquals(
        Map.of("projection.hour.type", "integer", "projection.hour.range", "0,23", "projection.hour.digits", "2"),
        PartitionProjection.integers(0, 23, 2).properties("hour", hours, TODAY).properties);
    assertNull(PartitionProjection.integers(0, 23, 2)
        .properties("hour", new TreeSet<>(List.of("7")), TODAY).properties);
    assertEquals("2019,2025", PartitionProjection.integersFound(4)
        .properties("year", new TreeSet<>(List.of("2019", "2025")), TODAY).properties.get("projection.year.range"));
  }
}
