package io.salespipelines.transforms.dimensions;

import io.salespipelines.schemas.Customer;
import io.salespipelines.schemas.Product;
import io.salespipelines.schemas.SalesPerson;
import io.salespipelines.schemas.Store;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.transforms.SerializableFunction;

/** A dimension file of SPEC 1.1: its name, its columns, and how a row becomes a record. */
public final class DimensionTable<T> implements Serializable {
  /** One row's values by column name; an empty cell is null. */
  public interface RowValues {
    String get(String column);
  }

  public static final DimensionTable<Store> STORES =
      new DimensionTable<>(
          "stores.csv",
          Store.class,
          List.of("store_id", "store_name", "location", "manager_name"),
          r -> Store.create(r.get("store_id"), r.get("store_name"), r.get("location"), r.get("manager_name")));

  public static final DimensionTable<Customer> CUSTOMERS =
      new DimensionTable<>(
          "customers.csv",
          Customer.class,
          List.of(
              "customer_id", "first_name", "last_name", "address", "pincode", "phone_number",
              "customer_joining_date"),
          r ->
              Customer.create(
                  r.get("customer_id"), r.get("first_name"), r.get("last_name"), r.get("address"),
                  r.get("pincode"), r.get("phone_number"), r.get("customer_joining_date")));

  public static final DimensionTable<SalesPerson> SALES_TEAM =
      new DimensionTable<>(
          "sales_team.csv",
          SalesPerson.class,
          List.of(
              "id", "first_name", "last_name", "manager_id", "is_manager", "address", "pincode",
              "joining_date"),
          r ->
              SalesPerson.create(
                  r.get("id"), r.get("first_name"), r.get("last_name"), r.get("manager_id"),
                  r.get("is_manager"), r.get("address"), r.get("pincode"), r.get("joining_date")));

  public static final DimensionTable<Product> PRODUCTS =
      new DimensionTable<>(
          "products.csv",
          Product.class,
          List.of("product_id", "name", "category", "brand", "current_price"),
          r ->
              Product.create(
                  r.get("product_id"), r.get("name"), r.get("category"), r.get("brand"),
                  r.get("current_price")));

  public static final List<DimensionTable<?>> ALL = List.of(STORES, CUSTOMERS, SALES_TEAM, PRODUCTS);

  private final String fileName;
  private final Class<T> type;
  private final List<String> columns;
  private final SerializableFunction<RowValues, T> fromRow;

  private DimensionTable(
      String fileName, Class<T> type, List<String> columns, SerializableFunction<RowValues, T> fromRow) {
    this.fileName = fileName;
    this.type = type;
    this.columns = columns;
    this.fromRow = fromRow;
  }

  public String fileName() {
    return fileName;
  }

  public Class<T> type() {
    return type;
  }

  /** The header columns; the first is the key, which every row must have. */
  public List<String> columns() {
    return columns;
  }

  public String keyColumn() {
    return columns.get(0);
  }

  T fromRow(RowValues row) {
    return fromRow.apply(row);
  }
}
