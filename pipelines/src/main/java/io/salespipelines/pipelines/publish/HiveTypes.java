package io.salespipelines.pipelines.publish;

import java.util.StringJoiner;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Hive (Athena/Glue) column types of Avro fields, as Parquet written from that Avro schema reads
 * back: decimal bytes as DECIMAL(p,s), date ints as DATE, timestamp longs as TIMESTAMP.
 */
final class HiveTypes {
  private HiveTypes() {}

  static String of(Schema schema) {
    if (schema.getType() == Schema.Type.UNION) {
      return of(nonNull(schema));
    }
    LogicalType logical = schema.getLogicalType();
    if (logical instanceof LogicalTypes.Decimal) {
      LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) logical;
      return "DECIMAL(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
    }
    if (logical instanceof LogicalTypes.Date) {
      return "DATE";
    }
    if (logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.TimestampMicros) {
      return "TIMESTAMP";
    }
    switch (schema.getType()) {
      case STRING:
      case ENUM:
        return "STRING";
      case INT:
        return "INT";
      case LONG:
        return "BIGINT";
      case FLOAT:
        return "FLOAT";
      case DOUBLE:
        return "DOUBLE";
      case BOOLEAN:
        return "BOOLEAN";
      case BYTES:
      case FIXED:
        return "BINARY";
      case ARRAY:
        return "ARRAY<" + of(schema.getElementType()) + ">";
      case MAP:
        return "MAP<STRING," + of(schema.getValueType()) + ">";
      case RECORD:
        StringJoiner fields = new StringJoiner(",", "STRUCT<", ">");
        for (Schema.Field field : schema.getFields()) {
          fields.add(field.name() + ":" + of(field.schema()));
        }
        return fields.toString();
      default:
        throw new IllegalArgumentException("no Hive type for Avro " + schema);
    }
  }

  /** The value type of a nullable union ({@code ["null", T]}). */
  private static Schema nonNull(Schema union) {
    Schema value = null;
    for (Schema member : union.getTypes()) {
      if (member.getType() != Schema.Type.NULL) {
        if (value != null) {
          throw new IllegalArgumentException("no Hive type for a union of two value types: " + union);
        }
        value = member;
      }
    }
    if (value == null) {
      throw new IllegalArgumentException("a column of only nulls has no Hive type: " + union);
    }
    return value;
  }
}
