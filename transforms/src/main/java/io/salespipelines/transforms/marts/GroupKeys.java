package io.salespipelines.transforms.marts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Grouping keys of the aggregates, one record per aggregate. Columns that depend on the key (names,
 * location) ride along in it, so no second lookup is needed. Keys are hashed into buckets, compared
 * in maps and shuffled, so each has value equality (a record), a specified hash code and a
 * deterministic coder.
 */
final class GroupKeys {
  private static final Coder<String> ID = StringUtf8Coder.of();
  private static final Coder<@Nullable String> NAME = NullableCoder.of(StringUtf8Coder.of());
  private static final Coder<Integer> NUMBER = VarIntCoder.of();

  private GroupKeys() {}

  /** customer_monthly_spend: a customer, with the names the sales gave, in a calendar month. */
  record CustomerMonth(
      String customerId, @Nullable String firstName, @Nullable String lastName, int year, int month) {
    static final Coder<CustomerMonth> CODER = new CustomerMonthCoder();

    /** Specified (Arrays.hashCode), unlike a record's: on Spark it picks the key's bucket in every JVM. */
    @Override
    public int hashCode() {
      return Objects.hash(customerId, firstName, lastName, year, month);
    }
  }

  /** sales_team_incentive: a sales person, with the names the sales gave, in a store and month. */
  record SalesPersonMonth(
      String storeId, String salesPersonId, @Nullable String firstName, @Nullable String lastName, int year,
      int month) {
    static final Coder<SalesPersonMonth> CODER = new SalesPersonMonthCoder();

    /** Specified (Arrays.hashCode), unlike a record's: on Spark it picks the key's bucket in every JVM. */
    @Override
    public int hashCode() {
      return Objects.hash(storeId, salesPersonId, firstName, lastName, year, month);
    }
  }

  /** store_product_sales: a product in a store, with the store's name and location. */
  record StoreProduct(String storeId, @Nullable String storeName, @Nullable String location, String productId) {
    static final Coder<StoreProduct> CODER = new StoreProductCoder();

    /** Specified (Arrays.hashCode), unlike a record's: on Spark it picks the key's bucket in every JVM. */
    @Override
    public int hashCode() {
      return Objects.hash(storeId, storeName, location, productId);
    }
  }

  /** The store and month within which {@link RankTopSalesperson} ranks the sales team. */
  record StoreMonth(String storeId, int year, int month) {
    static final Coder<StoreMonth> CODER = new StoreMonthCoder();

    /** Specified (Arrays.hashCode), unlike a record's: on Spark it picks the key's bucket in every JVM. */
    @Override
    public int hashCode() {
      return Objects.hash(storeId, year, month);
    }
  }

  /**
   * A total of the marts that {@link RejectOverflowingSales} keeps under the limit: the mart's name
   * and its grouping columns; an id the mart does not group by is empty, a year or month 0.
   */
  record MartTotal(
      String mart, String customerId, String storeId, String salesPersonId, String productId, int year,
      int month) {
    static final Coder<MartTotal> CODER = new MartTotalCoder();

    /** Specified (Arrays.hashCode), unlike a record's: on Spark it picks the key's bucket in every JVM. */
    @Override
    public int hashCode() {
      return Objects.hash(mart, customerId, storeId, salesPersonId, productId, year, month);
    }

    static MartTotal customerMonth(String customerId, int year, int month) {
      return new MartTotal(RejectOverflowingSales.CUSTOMER_MONTHLY_SPEND, customerId, "", "", "", year, month);
    }

    static MartTotal salesPersonMonth(String storeId, String salesPersonId, int year, int month) {
      return new MartTotal(RejectOverflowingSales.SALES_TEAM_INCENTIVE, "", storeId, salesPersonId, "", year, month);
    }

    static MartTotal storeProduct(String storeId, String productId) {
      return new MartTotal(RejectOverflowingSales.STORE_PRODUCT_SALES, "", storeId, "", productId, 0, 0);
    }
  }

  /**
   * A coder whose bytes are a function of the key's value: equal keys encode alike, so it may key a
   * shuffle, and the key's own equals may stand for the bytes.
   */
  private abstract static class KeyCoder<K> extends CustomCoder<K> {
    @Override
    public void verifyDeterministic() {}

    @Override
    public boolean consistentWithEquals() {
      return true;
    }

    /** Stateless: one instance is as good as another, a deserialized copy included. */
    @Override
    public boolean equals(@Nullable Object other) {
      return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
      return getClass().hashCode();
    }
  }

  private static final class CustomerMonthCoder extends KeyCoder<CustomerMonth> {
    @Override
    public void encode(CustomerMonth k, OutputStream out) throws IOException {
      ID.encode(k.customerId(), out);
      NAME.encode(k.firstName(), out);
      NAME.encode(k.lastName(), out);
      NUMBER.encode(k.year(), out);
      NUMBER.encode(k.month(), out);
    }

    @Override
    public CustomerMonth decode(InputStream in) throws IOException {
      return new CustomerMonth(ID.decode(in), NAME.decode(in), NAME.decode(in), NUMBER.decode(in), NUMBER.decode(in));
    }
  }

  private static final class SalesPersonMonthCoder extends KeyCoder<SalesPersonMonth> {
    @Override
    public void encode(SalesPersonMonth k, OutputStream out) throws IOException {
      ID.encode(k.storeId(), out);
      ID.encode(k.salesPersonId(), out);
      NAME.encode(k.firstName(), out);
      NAME.encode(k.lastName(), out);
      NUMBER.encode(k.year(), out);
      NUMBER.encode(k.month(), out);
    }

    @Override
    public SalesPersonMonth decode(InputStream in) throws IOException {
      return new SalesPersonMonth(
          ID.decode(in), ID.decode(in), NAME.decode(in), NAME.decode(in), NUMBER.decode(in), NUMBER.decode(in));
    }
  }

  private static final class StoreProductCoder extends KeyCoder<StoreProduct> {
    @Override
    public void encode(StoreProduct k, OutputStream out) throws IOException {
      ID.encode(k.storeId(), out);
      NAME.encode(k.storeName(), out);
      NAME.encode(k.location(), out);
      ID.encode(k.productId(), out);
    }

    @Override
    public StoreProduct decode(InputStream in) throws IOException {
      return new StoreProduct(ID.decode(in), NAME.decode(in), NAME.decode(in), ID.decode(in));
    }
  }

  private static final class StoreMonthCoder extends KeyCoder<StoreMonth> {
    @Override
    public void encode(StoreMonth k, OutputStream out) throws IOException {
      ID.encode(k.storeId(), out);
      NUMBER.encode(k.year(), out);
      NUMBER.encode(k.month(), out);
    }

    @Override
    public StoreMonth decode(InputStream in) throws IOException {
      return new StoreMonth(ID.decode(in), NUMBER.decode(in), NUMBER.decode(in));
    }
  }

  private static final class MartTotalCoder extends KeyCoder<MartTotal> {
    @Override
    public void encode(MartTotal k, OutputStream out) throws IOException {
      ID.encode(k.mart(), out);
      ID.encode(k.customerId(), out);
      ID.encode(k.storeId(), out);
      ID.encode(k.salesPersonId(), out);
      ID.encode(k.productId(), out);
      NUMBER.encode(k.year(), out);
      NUMBER.encode(k.month(), out);
    }

    @Override
    public MartTotal decode(InputStream in) throws IOException {
      return new MartTotal(
          ID.decode(in), ID.decode(in), ID.decode(in), ID.decode(in), ID.decode(in), NUMBER.decode(in),
          NUMBER.decode(in));
    }
  }
}
