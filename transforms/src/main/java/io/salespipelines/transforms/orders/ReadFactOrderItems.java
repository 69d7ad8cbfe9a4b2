package io.salespipelines.transforms.orders;

import io.salespipelines.schemas.FactOrderItem;
import io.salespipelines.schemas.OrdersTables;
import io.salespipelines.transforms.state.MatchStateFiles;
import java.util.Map;
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
 * Reads the item lines earlier runs accepted back from the committed fact_order_items table, e.g.
 * {@code <output>/fact_order_items/**}{@code /*.parquet}. The order's month and payment status are
 * not columns of the table: they are null here until {@link AttachOrderToItems} fills them in.
 */
public class ReadFactOrderItems extends PTransform<PBegin, PCollection<FactOrderItem>> {
  private final String filepattern;

  public ReadFactOrderItems(String filepattern) {
    this.filepattern = filepattern;
  }

  @Override
  public PCollection<FactOrderItem> expand(PBegin begin) {
    return begin
        .apply("FactFilePattern", Create.of(filepattern).withCoder(StringUtf8Coder.of()))
        .apply("MatchFactFiles", new MatchStateFiles())
        .apply("OpenFactFiles", FileIO.readMatches())
        .apply("ReadFactRows",
            ParquetIO.readFiles(OrdersTables.FACT_ORDER_ITEMS.avroSchema()).withAvroDataModel(GenericData.get()))
        .apply("ToFactOrderItems",
            MapElements.into(TypeDescriptor.of(FactOrderItem.class))
                .via(record -> OrdersTables.FACT_ORDER_ITEMS.fromAvro(record, Map.of())));
  }
}
