package io.salespipelines.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.Row;

/**
 * A Parquet output table: its folder name, its Avro form ({@code avro/<name>.avsc}, money as
 * DECIMAL(18,2) in an 8-byte fixed, i.e. Parquet FIXED_LEN_BYTE_ARRAY, the decimal form Hive, Athena
 * and Spark's vectorized reader all take; dates as DATE, instants as timestamp-micros longs), its
 * Hive partition columns, and the conversion from the record type. Partition columns are not written inside the files.
 */
public final class OutputTable<T> implements Serializable {
  private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();
  // Avro schemas are parsed once per JVM, not shipped with every serialized transform.
  private static final ConcurrentHashMap<String, Schema> AVRO = new ConcurrentHashMap<>();

  private final String name;
  private final Class<T> type;
  private final List<String> partitionColumns;
  private final SerializableFunction<T, String> partitionPath;
  private transient SerializableFunction<T, Row> toRow;
  private transient SerializableFunction<Row, T> fromRow;
  private transient org.apache.beam.sdk.schemas.Schema beamSchema;
  private transient String[] javaNames;
  private transient String[] columnNames;

  OutputTable(String name, Class<T> type) {
    this(name, type, List.of(), null);
  }

  OutputTable(
      String name,
      Class<T> type,
      List<String> partitionColumns,
      SerializableFunction<T, String> partitionPath) {
    this.name = name;
    this.type = type;
    this.partitionColumns = partitionColumns;
    this.partitionPath = partitionPath;
  }

  public String name() {
    return name;
  }

  public Class<T> type() {
    return type;
  }

  public List<String> partitionColumns() {
    return partitionColumns;
  }

  public Schema avroSchema() {
    return AVRO.computeIfAbsent(name, OutputTable::loadAvroSchema);
  }

  /** The record as the Avro record that goes into the table's Parquet files. */
  public GenericRecord toAvro(T value) {
    Row row = toRow().apply(value);
    Schema schema = avroSchema();
    GenericRecord record = new GenericData.Record(schema);
    if (javaNames == null) {
      // Computed once: toAvro runs for every row written.
      javaNames = schema.getFields().stream().map(f -> javaName(f.name())).toArray(String[]::new);
    }
    for (Schema.Field field : schema.getFields()) {
      record.put(field.pos(), toAvroValue(row.getValue(javaNames[field.pos()]), field));
    }
    return record;
  }

  /** The Hive partition path of a record, e.g. {@code sales_month=2025-06/store_id=S1}; "" if none. */
  public String partitionPath(T value) {
    return partitionPath == null ? "" : partitionPath.apply(value);
  }

  private SerializableFunction<T, Row> toRow() {
    if (toRow == null) {
      try {
        toRow = SchemaRegistry.createDefault().getToRowFunction(type);
      } catch (NoSuchSchemaException e) {
        throw new IllegalStateException("no Beam schema for " + type, e);
      }
    }
    return toRow;
  }

  /**
   * The record read back from an Avro record of this table; columns the table does not store, or
   * that the read did not project, take the given defaults (by Java field name).
   */
  public T fromAvro(GenericRecord record, java.util.Map<String, Object> defaults) {
    if (fromRow == null) {
      try {
        SchemaRegistry registry = SchemaRegistry.createDefault();
        beamSchema = registry.getSchema(type);
        // Computed once: fromAvro runs for every row of the state a run reads.
        columnNames = beamSchema.getFields().stream().map(f -> snakeName(f.getName())).toArray(String[]::new);
        requirePlainColumns(beamSchema);
        fromRow = registry.getFromRowFunction(type);
      } catch (NoSuchSchemaException e) {
        throw new IllegalStateException("no Beam schema for " + type, e);
      }
    }
    // The record's own schema: a read may project the table's columns (ParquetIO withProjection).
    Schema avro = record.getSchema();
    Object[] values = new Object[columnNames.length];
    for (int i = 0; i < columnNames.length; i++) {
      Schema.Field avroField = avro.getField(columnNames[i]);
      values[i] =
          avroField == null
              ? defaults.get(beamSchema.getField(i).getName())
              : fromAvroValue(record.get(avroField.pos()), avroField);
    }
    // Attached as they are: Row.Builder#build checks and copies every value field by field, which
    // was an eighth of a small run's CPU over the earlier marts. The values are the schema's own
    // Java types (String, Integer, Long, BigDecimal; requirePlainColumns), and the record's
    // constructor still rejects a missing required value.
    return fromRow.apply(Row.withSchema(beamSchema).attachValues(Arrays.asList(values)));
  }

  /**
   * Values are attached to rows unchecked, so only columns whose values are what Avro gives (after
   * {@link #fromAvroValue}) may be read back: no logical, nested or collection types.
   */
  private void requirePlainColumns(org.apache.beam.sdk.schemas.Schema schema) {
    for (org.apache.beam.sdk.schemas.Schema.Field field : schema.getFields()) {
      org.apache.beam.sdk.schemas.Schema.TypeName typeName = field.getType().getTypeName();
      if (typeName.isLogicalType() || typeName.isCompositeType() || typeName.isCollectionType()
          || typeName.isMapType()) {
        throw new IllegalStateException(
            "table " + name + ": column " + field.getName() + " has type " + field.getType()
                + ", which fromAvro does not read back");
      }
    }
  }

  private static String snakeName(String javaName) {
    StringBuilder name = new StringBuilder();
    for (char c : javaName.toCharArray()) {
      if (Character.isUpperCase(c)) {
        name.append('_').append(Character.toLowerCase(c));
      } else {
        name.append(c);
      }
    }
    return name.toString();
  }

  private static Object fromAvroValue(Object value, Schema.Field field) {
    if (value == null) {
      return null;
    }
    Schema schema = valueSchema(field);
    LogicalType logical = schema.getLogicalType();
    if (logical instanceof LogicalTypes.Decimal) {
      // Money is fixed(8) (what Spark's vectorized reader and Hive take); bytes in older files.
      return value instanceof GenericFixed
          ? DECIMALS.fromFixed((GenericFixed) value, schema, logical)
          : DECIMALS.fromBytes(((ByteBuffer) value).duplicate(), schema, logical);
    }
    if (logical instanceof LogicalTypes.Date) {
      return LocalDate.ofEpochDay((Integer) value).toString();
    }
    if (value instanceof CharSequence) {
      return value.toString();
    }
    return value;
  }

  /** Tables use snake_case column names; the record types use Java's camelCase. */
  private static String javaName(String column) {
    StringBuilder name = new StringBuilder(column.length());
    boolean upper = false;
    for (char c : column.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        name.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return name.toString();
  }

  /** The schema of a field's values: nullable columns are unions of null and the value type. */
  private static Schema valueSchema(Schema.Field field) {
    Schema schema = field.schema();
    return schema.getType() == Schema.Type.UNION ? schema.getTypes().get(1) : schema;
  }

  private static Object toAvroValue(Object value, Schema.Field field) {
    if (value == null) {
      return null;
    }
    Schema schema = valueSchema(field);
    LogicalType logical = schema.getLogicalType();
    if (logical instanceof LogicalTypes.Decimal) {
      int scale = ((LogicalTypes.Decimal) logical).getScale();
      BigDecimal money = ((BigDecimal) value).setScale(scale, RoundingMode.HALF_UP);
      return schema.getType() == Schema.Type.FIXED
          ? DECIMALS.toFixed(money, schema, logical)
          : DECIMALS.toBytes(money, schema, logical);
    }
    if (logical instanceof LogicalTypes.Date) {
      return (int) LocalDate.parse((String) value).toEpochDay();
    }
    return value;
  }

  private static Schema loadAvroSchema(String table) {
    String resource = "/avro/" + table + ".avsc";
    try (InputStream in = OutputTable.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
