package io.salespipelines.schemas;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.values.Row;
import org.junit.Test;

/** Every table's record survives its Avro form: what a run writes is what the next run reads back. */
public class OutputTableTest {

  @Test
  public void everyTablesRecordsComeBackFromTheirAvroForm() throws Exception {
    List<OutputTable<?>> tables = allTables();
    assertThat(tables.size(), greaterThan(10));
    for (OutputTable<?> table : tables) {
      roundTrips(table, false);
      roundTrips(table, true);
    }
  }

  @Test
  public void aRequiredColumnMissingFromTheFileIsAnError() throws Exception {
    CustomerMonthlySpend spend =
        CustomerMonthlySpend.create("C1", "Zoë", null, 2025, 6, new BigDecimal("12.30"));
    GenericRecord record = Tables.CUSTOMER_MONTHLY_SPEND.toAvro(spend);
    record.put("customer_id", null);
    assertThrows(RuntimeException.class, () -> Tables.CUSTOMER_MONTHLY_SPEND.fromAvro(record, Map.of()));
  }

  private static <T> void roundTrips(OutputTable<T> table, boolean nulls) throws Exception {
    SchemaRegistry registry = SchemaRegistry.createDefault();
    org.apache.beam.sdk.schemas.Schema schema = registry.getSchema(table.type());
    Schema avro = table.avroSchema();
    List<Object> values = new ArrayList<>();
    Map<String, Object> partitionValues = new HashMap<>();
    for (org.apache.beam.sdk.schemas.Schema.Field field : schema.getFields()) {
      Object value = nulls && field.getType().getNullable() ? null : sample(field, avro);
      values.add(value);
      if (avro.getField(snake(field.getName())) == null) {
        partitionValues.put(field.getName(), value); // a partition column: in the path, not the file
      }
    }
    T record = registry.getFromRowFunction(table.type()).apply(Row.withSchema(schema).addValues(values).build());
    T back = table.fromAvro(throughAvroBytes(table.toAvro(record)), partitionValues);
    assertThat(table.name() + (nulls ? " with nulls" : ""), back, equalTo(record));
  }

  /** As a file gives it back: strings as Avro's Utf8, money as fixed bytes. */
  private static GenericRecord throughAvroBytes(GenericRecord record) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
    encoder.flush();
    return new GenericDatumReader<GenericRecord>(record.getSchema())
        .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
  }

  private static Object sample(org.apache.beam.sdk.schemas.Schema.Field field, Schema avro) {
    switch (field.getType().getTypeName()) {
      case INT32:
        return 2025;
      case INT64:
        return 3_000_000_000L;
      case DECIMAL:
        return new BigDecimal("-9999999999999999.99");
      case STRING:
        Schema.Field column = avro.getField(snake(field.getName()));
        Schema type = column == null ? null : column.schema();
        if (type != null && type.getType() == Schema.Type.UNION) {
          type = type.getTypes().get(1);
        }
        return type != null && type.getLogicalType() instanceof LogicalTypes.Date ? "2025-06-30" : "Zoë, \"Ørsted\"";
      default:
        throw new AssertionError("no sample for " + field);
    }
  }

  private static String snake(String javaName) {
    return javaName.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
  }

  private static List<OutputTable<?>> allTables() throws IllegalAccessException {
    List<OutputTable<?>> tables = new ArrayList<>();
    for (Class<?> holder : new Class<?>[] {Tables.class, OrdersTables.class}) {
      for (Field f : holder.getFields()) {
        if (OutputTable.class.isAssignableFrom(f.getType())) {
          tables.add((OutputTable<?>) f.get(null));
        }
      }
    }
    return tables;
  }
}
