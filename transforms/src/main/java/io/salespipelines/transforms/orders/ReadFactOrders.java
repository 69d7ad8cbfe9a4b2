package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.FactOrder;
import io.salespipelines.schemas.OrdersTables;
import io.salespipelines.transforms.state.MatchStateFiles;
import io.salespipelines.transforms.state.ReadParquetFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads the orders earlier runs accepted back from the committed fact_orders table, e.g. {@code
 * <output>/fact_orders/**}{@code /*.parquet}: the fact tables are the job's state. Only the columns
 * the metrics and the duplicate check use are read (Parquet projection); signup_date,
 * payment_method and payment_amount come back null and additional_fields {@code {}}. Read with
 * {@link ReadParquetFiles} (a footer read twice per file, split by row group), as sales-marts reads
 * its state. No files yet is an empty collection, as for a first run.
 */
public class ReadFactOrders extends PTransform<PBegin, PCollection<FactOrder>> {
  static final List<String> COLUMNS =
      List.of("order_id", "customer_id", "country", "order_ts", "payment_status", "item_count", "quantity",
          "order_total");
  private static final Map<String, Object> NOT_READ = Map.of("additionalFields", "{}");

  private final String filepattern;

  public ReadFactOrders(String filepattern) {
    this.filepattern = filepattern;
  }

  @Override
  public PCollection<FactOrder> expand(PBegin begin) {
    Schema projection = project(OrdersTables.FACT_ORDERS.avroSchema(), COLUMNS);
    try {
      return begin
          .apply("FactFilePattern", Create.of(filepattern).withCoder(StringUtf8Coder.of()))
          .apply("MatchFactFiles", new MatchStateFiles())
          .apply("OpenFactFiles", FileIO.readMatches())
          .apply("ReadFactColumns",
              new ReadParquetFiles<>(
                  projection,
                  record -> OrdersTables.FACT_ORDERS.fromAvro(record, NOT_READ),
                  begin.getPipeline().getSchemaRegistry().getSchemaCoder(FactOrder.class)));
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException("no Beam schema for FactOrder", e);
    }
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
