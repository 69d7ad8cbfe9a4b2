package io.salespipelines.transforms.dimensions;

import io.salespipelines.schemas.Customer;
import io.salespipelines.schemas.Product;
import io.salespipelines.schemas.SalesPerson;
import io.salespipelines.schemas.Store;
import java.util.List;
import java.util.Map;
import java.util.Collections;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/** The dimension side inputs the join looks keys up in. */
public final class Dimensions implements POutput, java.io.Serializable {
  public final PCollectionView<Map<String, Store>> stores;
  public final PCollectionView<Map<String, Customer>> customers;
  public final PCollectionView<Map<String, Product>> productsById;
  /** Keyed by the lower-cased product name. */
  public final PCollectionView<Map<String, Product>> productsByName;

  public final PCollectionView<Map<String, SalesPerson>> salesTeam;

  public Dimensions(
      PCollectionView<Map<String, Store>> stores,
      PCollectionView<Map<String, Customer>> customers,
      PCollectionView<Map<String, Product>> productsById,
      PCollectionView<Map<String, Product>> productsByName,
      PCollectionView<Map<String, SalesPerson>> salesTeam) {
    this.stores = stores;
    this.customers = customers;
    this.productsById = productsById;
    this.productsByName = productsByName;
    this.salesTeam = salesTeam;
  }

  public List<PCollectionView<?>> all() {
    return List.of(stores, customers, productsById, productsByName, salesTeam);
  }

  @Override
  public Pipeline getPipeline() {
    return stores.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Collections.emptyMap();
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
