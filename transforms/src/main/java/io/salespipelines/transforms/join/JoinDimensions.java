package io.salespipelines.transforms.join;

import io.salespipelines.schemas.Customer;
import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.schemas.ErrorType;
import io.salespipelines.schemas.Product;
import io.salespipelines.schemas.SalesPerson;
import io.salespipelines.schemas.SalesTransaction;
import io.salespipelines.schemas.Store;
import io.salespipelines.schemas.coders.EnrichedSaleCoder;
import io.salespipelines.transforms.dimensions.Dimensions;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Looks up each sale's store, customer, product and sales person in the dimension side inputs. The
 * first key not found decides the dead letter ({@code unknown_store}, then customer, product, sales
 * person). Keys match exactly; a product given by name matches case-insensitively.
 */
public class JoinDimensions
    extends PTransform<
        PCollection<SalesTransaction>, WithFailures.Result<PCollection<EnrichedSale>, DeadLetter>> {
  static final TupleTag<EnrichedSale> JOINED = new TupleTag<EnrichedSale>() {};
  static final TupleTag<DeadLetter> FAILURES = new TupleTag<DeadLetter>() {};

  private final Dimensions dimensions;

  public JoinDimensions(Dimensions dimensions) {
    this.dimensions = dimensions;
  }

  @Override
  public WithFailures.Result<PCollection<EnrichedSale>, DeadLetter> expand(
      PCollection<SalesTransaction> sales) {
    PCollectionTuple joined =
        sales.apply(
            "LookUpKeys",
            ParDo.of(new JoinFn(dimensions))
                .withSideInputs(dimensions.all())
                .withOutputTags(JOINED, TupleTagList.of(FAILURES)));
    joined.get(JOINED).setCoder(EnrichedSaleCoder.of());
    return WithFailures.Result.of(joined, JOINED, FAILURES);
  }

  static class JoinFn extends DoFn<SalesTransaction, EnrichedSale> {
    private final Dimensions dimensions;
    // The side inputs are fetched once per bundle, not once per element.
    private transient Map<String, Store> stores;
    private transient Map<String, Customer> customers;
    private transient Map<String, Product> productsById;
    private transient Map<String, Product> productsByName;
    private transient Map<String, SalesPerson> salesTeam;

    JoinFn(Dimensions dimensions) {
      this.dimensions = dimensions;
    }

    @StartBundle
    public void startBundle() {
      stores = null;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      if (stores == null) {
        stores = c.sideInput(dimensions.stores);
        customers = c.sideInput(dimensions.customers);
        productsById = c.sideInput(dimensions.productsById);
        productsByName = c.sideInput(dimensions.productsByName);
        salesTeam = c.sideInput(dimensions.salesTeam);
      }
      SalesTransaction sale = c.element();
      Store store = stores.get(sale.getStoreId());
      if (store == null) {
        c.output(FAILURES, unknown(sale, ErrorType.UNKNOWN_STORE, "store_id", sale.getStoreId()));
        return;
      }
      Customer customer = customers.get(sale.getCustomerId());
      if (customer == null) {
        c.output(FAILURES, unknown(sale, ErrorType.UNKNOWN_CUSTOMER, "customer_id", sale.getCustomerId()));
        return;
      }
      Product product =
          sale.getProductById()
              ? productsById.get(sale.getProductKey())
              : productsByName.get(sale.getProductKey().toLowerCase(Locale.ROOT));
      if (product == null) {
        String column = sale.getProductById() ? "product_id" : "product_name";
        c.output(FAILURES, unknown(sale, ErrorType.UNKNOWN_PRODUCT, column, sale.getProductKey()));
        return;
      }
      SalesPerson person = salesTeam.get(sale.getSalesPersonId());
      if (person == null) {
        c.output(
            FAILURES,
            unknown(sale, ErrorType.UNKNOWN_SALES_PERSON, "sales_person_id", sale.getSalesPersonId()));
        return;
      }
      LocalDate date = LocalDate.parse(sale.getSalesDate());
      c.output(
          EnrichedSale.builder()
              .setTransactionId(sale.getTransactionId())
              .setCustomerId(customer.getCustomerId())
              .setCustomerFirstName(customer.getFirstName())
              .setCustomerLastName(customer.getLastName())
              .setCustomerAddress(customer.getAddress())
              .setCustomerPincode(customer.getPincode())
              .setCustomerPhoneNumber(customer.getPhoneNumber())
              .setStoreId(store.getStoreId())
              .setStoreName(store.getStoreName())
              .setStoreLocation(store.getLocation())
              .setProductId(product.getProductId())
              .setSalesPersonId(person.getId())
              .setSalesPersonFirstName(person.getFirstName())
              .setSalesPersonLastName(person.getLastName())
              .setSalesDate(sale.getSalesDate())
              .setSalesYear(date.getYear())
              .setSalesMonth(date.getMonthValue())
              .setTotalCost(sale.getTotalCost())
              .setAdditionalColumns(sale.getAdditionalColumns())
              .setSource(sale.getSource())
              .setLine(sale.getLine())
              .setRaw(sale.getRaw())
              .build());
    }

    private static DeadLetter unknown(SalesTransaction sale, ErrorType type, String column, String key) {
      return DeadLetter.of(
          sale.getSource(), sale.getLine(), type, column,
          column + " '" + key + "' is not in the dimension", sale.getRaw());
    }
  }
}
