package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.FactOrder;
import io.salespipelines.schemas.OrdersTables;
import io.salespipelines.transforms.state.MatchStateFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Reads the orders earlier runs accepted back from the committed fact_orders table, e.g. {@code
 * <output>/fact_orders/**}{@code /*.parquet}: the fact tables are the job's state. Only the columns
 * the metrics and the duplicate check use are read (Parquet projection); signup_date,
 * payment_method and payment_amount come back null and additional_fields {@code {}}. No files yet
 * is an empty collection, as for a first run.
 */
public class ReadFactOrders extends PTransform<PBegin, PCollection<FactOrder>> {
  static final List<String> COLUMNS =
      List.of("order_id", "customer_id", "country", "order_ts", "payment_status", "item_count", "quantity",
          "order_total");
  /** parquet-avro's key for the Avro schema records are read into (private in AvroReadSupport). */
  private static final String AVRO_READ_SCHEMA = "parquet.avro.read.schema";

  private static final Map<String, Object> NOT_READ = Map.of("additionalFields", "{}");

  private final String filepattern;

  public ReadFactOrders(String filepattern) {
    this.filepattern = filepattern;
  }

  @Override
  public PCollection<FactOrder> expand(PBegin begin) {
    Schema projection = project(OrdersTables.FACT_ORDERS.avroSchema(), COLUMNS);
    return begin
        .apply("FactFilePattern", Create.of(filepattern).withCoder(StringUtf8Coder.of()))
        .apply("MatchFactFiles", new MatchStateFiles())
        .apply("OpenFactFiles", FileIO.readMatches())
        .apply("ReadFactColumns",
            ParquetIO.readFiles(OrdersTables.FACT_ORDERS.avroSchema())
                .withProjection(projection, projection)
                // Else the records keep the files' full schema, with the other columns null, and
                // do not fit the projection's coder.
                .withConfiguration(Map.of(AVRO_READ_SCHEMA, projection.toString()))
                .withAvroDataModel(GenericData.get()))
        .apply("ToFactOrders",
            MapElements.into(TypeDescriptor.of(FactOrder.class))
                .via(record -> OrdersTables.FACT_ORDERS.fromAvro(record, NOT_READ)));
  }

  /** The table's record schema cut down to some of its columns. */
  static Schema project(Schema table, List<String> columns) {
    List<Schema.Field> fields = new ArrayList<>();
    for (String column : columns) {
      Schema.Field field = table.getField(column);
      fields.add(new Schema.Field(field, field.schema()));
    }
    return Schema.createRecord(table.getName(), table.getDoc(), table.getNamespace(), false, fields);
  }
}
