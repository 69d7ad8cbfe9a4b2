package io.salespipelines.transforms.dimensions;

import io.salespipelines.schemas.Customer;
import io.salespipelines.schemas.Product;
import io.salespipelines.schemas.SalesPerson;
import io.salespipelines.schemas.Store;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.SchemaCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads the four dimension files of a folder into map side inputs, each built once. A file is read
 * by one worker in line order, so a key that occurs twice keeps its first row without a shuffle,
 * and the lookups do not depend on the runner.
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
    // Products are looked up by id, or by name (exact but case-insensitive) in tutorial files.
    List<PCollection<KV<String, Product>>> products =
        read(
            begin,
            DimensionTable.PRODUCTS,
            Product::getProductId,
            p -> p.getName() == null ? "" : p.getName().toLowerCase(Locale.ROOT));
    return new Dimensions(
        view("Stores", read(begin, DimensionTable.STORES, Store::getStoreId).get(0)),
        view("Customers", read(begin, DimensionTable.CUSTOMERS, Customer::getCustomerId).get(0)),
        view("ProductsById", products.get(0)),
        view("ProductsByName", products.get(1)),
        view("SalesTeam", read(begin, DimensionTable.SALES_TEAM, SalesPerson::getId).get(0)));
  }

  /** The rows of one dimension file keyed by each of {@code keys}, first row per key. */
  @SafeVarargs
  private final <T> List<PCollection<KV<String, T>>> read(
      PBegin begin, DimensionTable<T> table, SerializableFunction<T, String>... keys) {
    List<TupleTag<KV<String, T>>> tags = new java.util.ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      tags.add(new TupleTag<KV<String, T>>("key" + i) {});
    }
    PCollectionTuple rows =
        begin
            .apply("Locate " + table.fileName(), Create.of(path(directory, table)))
            .apply(
                "Read " + table.fileName(),
                ParDo.of(new ReadFileFn<>(table, List.of(keys), tags))
                    .withOutputTags(tags.get(0), TupleTagList.of(List.copyOf(tags.subList(1, tags.size())))));
    KvCoder<String, T> coder = KvCoder.of(StringUtf8Coder.of(), schemaCoder(begin, table.type()));
    List<PCollection<KV<String, T>>> keyed = new java.util.ArrayList<>();
    for (TupleTag<KV<String, T>> tag : tags) {
      keyed.add(rows.get(tag).setCoder(coder));
    }
    return keyed;
  }

  private static <T> PCollectionView<Map<String, T>> view(String name, PCollection<KV<String, T>> rows) {
    return rows.apply("View " + name, View.asMap());
  }

  private static <T> SchemaCoder<T> schemaCoder(PBegin begin, Class<T> type) {
    try {
      return begin.getPipeline().getSchemaRegistry().getSchemaCoder(type);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException("no schema for " + type, e);
    }
  }

  static class ReadFileFn<T> extends DoFn<String, KV<String, T>> {
    private final Counter repeatedKeys = Metrics.counter("dimensions", "repeated_keys_ignored");
    private final DimensionTable<T> table;
    private final List<SerializableFunction<T, String>> keys;
    private final List<TupleTag<KV<String, T>>> tags;

    ReadFileFn(
        DimensionTable<T> table,
        List<SerializableFunction<T, String>> keys,
        List<TupleTag<KV<String, T>>> tags) {
      this.table = table;
      this.keys = keys;
      this.tags = tags;
    }

    @ProcessElement
    public void process(@Element String path, MultiOutputReceiver out) {
      List<Set<String>> seen = new java.util.ArrayList<>();
      keys.forEach(k -> seen.add(new HashSet<>()));
      DimensionFileReader.read(
          path,
          table,
          (line, value) -> {
            for (int i = 0; i < keys.size(); i++) {
              String key = keys.get(i).apply(value);
              if (seen.get(i).add(key)) {
                out.get(tags.get(i)).output(KV.of(key, value));
              } else {
                repeatedKeys.inc();
              }
            }
          });
    }
  }
}
