package io.salespipelines.pipelines.publish;

import io.salespipelines.schemas.OutputTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;

/**
 * A table as the catalog describes it: its folder name, its columns (from its Avro schema, the one
 * its files are written with), its Hive partition columns with their projections, and its format.
 */
public final class CatalogTable {
  /** How the table's files are stored. */
  public enum Format {
    PARQUET,
    /** One JSON object per line (read with the Hive JSON SerDe). */
    JSON_LINES
  }

  /** One column: its name and Hive type. */
  public static final class Column {
    public final String name;
    public final String hiveType;

    Column(String name, String hiveType) {
      this.name = name;
      this.hiveType = hiveType;
    }
  }

  private final String name;
  private final String comment;
  private final Format format;
  private final List<Column> columns;
  private final List<String> partitionColumns;
  private final List<PartitionProjection> projections;

  private CatalogTable(
      String name, String comment, Format format, Schema schema, List<String> partitionColumns,
      List<PartitionProjection> projections) {
    if (partitionColumns.size() != projections.size()) {
      throw new IllegalArgumentException(
          name + ": one projection per partition column " + partitionColumns + ", got " + projections.size());
    }
    this.name = name;
    this.comment = comment;
    this.format = format;
    this.partitionColumns = List.copyOf(partitionColumns);
    this.projections = List.copyOf(projections);
    List<Column> cols = new ArrayList<>();
    for (Schema.Field field : schema.getFields()) {
      // A partition column lives in the folder names, not in the files.
      if (!partitionColumns.contains(field.name())) {
        cols.add(new Column(field.name(), HiveTypes.of(field.schema())));
      }
    }
    this.columns = List.copyOf(cols);
  }

  /**
   * A Parquet table of the job, with one projection per partition column of {@code table} (in
   * their order); partition columns are strings, as the folder names are.
   */
  public static CatalogTable parquet(OutputTable<?> table, String comment, PartitionProjection... projections) {
    return new CatalogTable(
        table.name(), comment, Format.PARQUET, table.avroSchema(), table.partitionColumns(),
        Arrays.asList(projections));
  }

  /**
   * A table whose files another writer makes, described by an Avro schema, partitioned by {@code
   * partitionColumns} (folder names, not in the files) with one projection each.
   */
  public static CatalogTable of(
      String name, String comment, Format format, Schema schema, List<String> partitionColumns,
      PartitionProjection... projections) {
    return new CatalogTable(name, comment, format, schema, partitionColumns, Arrays.asList(projections));
  }

  /** A table of JSON lines whose fields the Avro schema describes (it is not written through Avro). */
  public static CatalogTable jsonLines(String name, String comment, Schema schema) {
    return new CatalogTable(name, comment, Format.JSON_LINES, schema, List.of(), List.of());
  }

  /** The {@code dead_letter} table every job writes (JSON lines, SPEC 1.3). */
  public static CatalogTable deadLetters() {
    return jsonLines(
        "dead_letter", "rejected files and records, with the reason and the raw input",
        avroResource("/avro/dead_letter.avsc"));
  }

  /** An Avro schema from the class path, e.g. {@code /avro/dead_letter.avsc}. */
  public static Schema avroResource(String resource) {
    try (InputStream in = CatalogTable.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String name() {
    return name;
  }

  public String comment() {
    return comment;
  }

  public Format format() {
    return format;
  }

  public List<Column> columns() {
    return columns;
  }

  public List<String> partitionColumns() {
    return partitionColumns;
  }

  List<PartitionProjection> projections() {
    return projections;
  }
}
