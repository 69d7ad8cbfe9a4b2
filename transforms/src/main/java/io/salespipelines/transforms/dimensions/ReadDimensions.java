package io.salespipelines.transforms.dimensions;

import io.salespipelines.schemas.Customer;
import io.salespipelines.schemas.Product;
import io.salespipelines.schemas.SalesPerson;
import io.salespipelines.schemas.Store;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.SchemaCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Reads the four dimension files of a folder into map side inputs, each built once. A key that
 * occurs twice keeps its first row, so lookups do not depend on the runner's ordering.
 */
public class ReadDimensions extends PTransform<PBegin, Dimensions> {
  private final String directory;

  public ReadDimensions(String directory) {
    this.directory = directory;
  }

  public static String path(String directory, DimensionTable<?> table) {
    return directory.endsWith("/") ? directory + table.fileName() : directory + "/" + table.fileName();
  }

  @Override
  public Dimensions expand(PBegin begin) {
    PCollection<KV<Long, Product>> products = read(begin, DimensionTable.PRODUCTS);
    return new Dimensions(
        firstPerKey("Stores", read(begin, DimensionTable.STORES), Store::getStoreId),
        firstPerKey("Customers", read(begin, DimensionTable.CUSTOMERS), Customer::getCustomerId),
        firstPerKey("ProductsById", products, Product::getProductId),
        // Products named in a file are matched by name, exactly but case-insensitively.
        firstPerKey("ProductsByName", products, p -> p.getName() == null ? "" : p.getName().toLowerCase(Locale.ROOT)),
        firstPerKey("SalesTeam", read(begin, DimensionTable.SALES_TEAM), SalesPerson::getId));
  }

  private <T> PCollection<KV<Long, T>> read(PBegin begin, DimensionTable<T> table) {
    SchemaCoder<T> coder = schemaCoder(begin, table.type());
    return begin
        .apply("Locate " + table.fileName(), Create.of(path(directory, table)))
        .apply("Read " + table.fileName(), ParDo.of(new ReadFileFn<>(table)))
        .setCoder(KvCoder.of(VarLongCoder.of(), coder));
  }

  private <T> PCollectionView<Map<String, T>> firstPerKey(
      String name, PCollection<KV<Long, T>> rows, SerializableFunction<T, String> key) {
    @SuppressWarnings("unchecked")
    KvCoder<Long, T> rowCoder = (KvCoder<Long, T>) rows.getCoder();
    return rows.apply(
            "Key " + name,
            MapElements.into(
                    TypeDescriptors.kvs(
                        TypeDescriptors.strings(), rows.getTypeDescriptor()))
                .via((KV<Long, T> row) -> KV.of(key.apply(row.getValue()), row)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), rowCoder))
        .apply("First " + name, Combine.perKey(new FirstByLine<T>()))
        .apply(
            "Drop line " + name,
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), rowCoder.getValueCoder().getEncodedTypeDescriptor()))
                .via((KV<String, KV<Long, T>> kv) -> KV.of(kv.getKey(), kv.getValue().getValue())))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), rowCoder.getValueCoder()))
        .apply("View " + name, View.asMap());
  }

  private static <T> SchemaCoder<T> schemaCoder(PBegin begin, Class<T> type) {
    try {
      return begin.getPipeline().getSchemaRegistry().getSchemaCoder(type);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException("no schema for " + type, e);
    }
  }

  static class ReadFileFn<T> extends DoFn<String, KV<Long, T>> {
    private final DimensionTable<T> table;

    ReadFileFn(DimensionTable<T> table) {
      this.table = table;
    }

    @ProcessElement
    public void process(@Element String path, OutputReceiver<KV<Long, T>> out) {
      DimensionFileReader.read(path, table, (line, value) -> out.output(KV.of(line, value)));
    }
  }

  /** Keeps the row with the lowest line number. */
  static class FirstByLine<T> extends Combine.BinaryCombineFn<KV<Long, T>> {
    @Override
    public KV<Long, T> apply(KV<Long, T> left, KV<Long, T> right) {
      return left.getKey() <= right.getKey() ? left : right;
    }
  }
}
