package io.salespipelines.querytests;

import java.io.IOException;
import java.math.BigDecimal;
import org.apache.avro.generic.GenericFixed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/** A table's Parquet files read directly (parquet-avro), as the yardstick for what engines report. */
final class ParquetFiles {
  private ParquetFiles() {}

  static List<GenericRecord> records(Path table) throws IOException {
    List<GenericRecord> records = new ArrayList<>();
    forEach(table, (partition, r) -> records.add(r));
    return records;
  }

  /** Each record with its partition folder relative to the table ("" when not partitioned). */
  static void forEach(Path table, java.util.function.BiConsumer<String, GenericRecord> each) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(table)) {
      files = walk.filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .filter(p -> !table.relativize(p).toString().matches("(^|.*/)[_.].*"))
          .sorted()
          .collect(Collectors.toList());
    }
    for (Path file : files) {
      String partition = table.relativize(file.getParent()).toString();
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(
                  HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))
              .withDataModel(GenericData.get())
              .build()) {
        for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
          each.accept(partition, r);
        }
      }
    }
  }

  /** A DECIMAL column of a record as BigDecimal. */
  static BigDecimal money(GenericRecord record, String column) {
    Schema.Field field = record.getSchema().getField(column);
    Schema schema = field.schema().getType() == Schema.Type.UNION ? field.schema().getTypes().get(1) : field.schema();
    return new Conversions.DecimalConversion()
        .fromFixed((GenericFixed) record.get(column), schema, (LogicalTypes.Decimal) schema.getLogicalType());
  }

  static BigDecimal sum(List<GenericRecord> records, String column) {
    return records.stream().map(r -> money(r, column)).reduce(BigDecimal.ZERO, BigDecimal::add);
  }
}
