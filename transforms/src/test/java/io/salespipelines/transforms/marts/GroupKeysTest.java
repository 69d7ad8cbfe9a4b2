package io.salespipelines.transforms.marts;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.salespipelines.transforms.marts.GroupKeys.CustomerMonth;
import io.salespipelines.transforms.marts.GroupKeys.MartTotal;
import io.salespipelines.transforms.marts.GroupKeys.SalesPersonMonth;
import io.salespipelines.transforms.marts.GroupKeys.StoreMonth;
import io.salespipelines.transforms.marts.GroupKeys.StoreProduct;
import java.util.Arrays;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The group keys' coders: they round-trip (null names too) and are deterministic. */
@RunWith(JUnit4.class)
public class GroupKeysTest {
  /** A string equal to {@code s} but not the same object, as a decoded or parsed one would be. */
  private static String copy(String s) {
    return new String(s.toCharArray());
  }

  @Test
  public void customerMonthRoundTripsAndEqualKeysEncodeAlike() throws Exception {
    CustomerMonth named = new CustomerMonth("C1", "Ann", "Lee", 2025, 12);
    CustomerMonth unnamed = new CustomerMonth("C1", null, null, 2025, 12);
    checkKey(CustomerMonth.CODER, named, new CustomerMonth(copy("C1"), copy("Ann"), copy("Lee"), 2025, 12));
    checkKey(CustomerMonth.CODER, unnamed, new CustomerMonth(copy("C1"), null, null, 2025, 12));
    assertDistinct(CustomerMonth.CODER, unnamed, new CustomerMonth("C1", "", "", 2025, 12));
    assertDistinct(CustomerMonth.CODER, named, new CustomerMonth("C1", "Ann", "Lee", 2025, 11));
    // The names are columns of their own: "A" + "nnLee" is not "Ann" + "Lee".
    assertDistinct(CustomerMonth.CODER, named, new CustomerMonth("C1", "A", "nnLee", 2025, 12));
  }

  @Test
  public void salesPersonMonthRoundTripsAndEqualKeysEncodeAlike() throws Exception {
    SalesPersonMonth named = new SalesPersonMonth("S1", "SP1", "Bo", "Ng", 2024, 1);
    SalesPersonMonth unnamed = new SalesPersonMonth("S1", "SP1", null, "Ng", 2024, 1);
    checkKey(
        SalesPersonMonth.CODER, named, new SalesPersonMonth(copy("S1"), copy("SP1"), copy("Bo"), copy("Ng"), 2024, 1));
    checkKey(SalesPersonMonth.CODER, unnamed, new SalesPersonMonth(copy("S1"), copy("SP1"), null, copy("Ng"), 2024, 1));
    assertDistinct(SalesPersonMonth.CODER, named, unnamed);
    assertDistinct(SalesPersonMonth.CODER, named, new SalesPersonMonth("S2", "SP1", "Bo", "Ng", 2024, 1));
  }

  @Test
  public void storeProductRoundTripsAndEqualKeysEncodeAlike() throws Exception {
    StoreProduct located = new StoreProduct("S1", "Main St", "Pune", "P9");
    StoreProduct unlocated = new StoreProduct("S1", null, null, "P9");
    checkKey(StoreProduct.CODER, located, new StoreProduct(copy("S1"), copy("Main St"), copy("Pune"), copy("P9")));
    checkKey(StoreProduct.CODER, unlocated, new StoreProduct(copy("S1"), null, null, copy("P9")));
    assertDistinct(StoreProduct.CODER, located, unlocated);
  }

  @Test
  public void storeMonthRoundTripsAndEqualKeysEncodeAlike() throws Exception {
    StoreMonth june = new StoreMonth("S1", 2025, 6);
    checkKey(StoreMonth.CODER, june, new StoreMonth(copy("S1"), 2025, 6));
    // Year and month are numbers of their own, not text run together ("2025-1" + "1" style).
    assertDistinct(StoreMonth.CODER, new StoreMonth("S1", 2025, 11), new StoreMonth("S1", 20251, 1));
  }

  @Test
  public void martTotalRoundTripsAndEqualKeysEncodeAlike() throws Exception {
    checkKey(MartTotal.CODER, MartTotal.customerMonth("C1", 2025, 6), MartTotal.customerMonth(copy("C1"), 2025, 6));
    checkKey(
        MartTotal.CODER,
        MartTotal.salesPersonMonth("S1", "SP1", 2025, 6),
        MartTotal.salesPersonMonth(copy("S1"), copy("SP1"), 2025, 6));
    checkKey(MartTotal.CODER, MartTotal.storeProduct("S1", "P1"), MartTotal.storeProduct(copy("S1"), copy("P1")));
    checkKey(MartTotal.CODER, RejectOverflowingSales.SENTINEL_GROUP, new MartTotal("", "", "", "", "", 0, 0));
    // The same id in another mart is another total.
    assertDistinct(
        MartTotal.CODER, MartTotal.customerMonth("X", 2025, 6), MartTotal.salesPersonMonth("", "X", 2025, 6));
    assertDistinct(MartTotal.CODER, MartTotal.storeProduct("S1", "P1"), RejectOverflowingSales.SENTINEL_GROUP);
  }

  /**
   * The key survives encoding (equal and with the same hash, as buckets need), an equal key built
   * apart encodes to the same bytes, and the coder says it may key a shuffle.
   */
  private static <K> void checkKey(Coder<K> coder, K key, K equalKey) throws Exception {
    assertThat(equalKey, equalTo(key));
    K decoded = CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, key));
    assertThat(decoded, equalTo(key));
    assertThat(decoded.hashCode(), equalTo(key.hashCode()));
    CoderProperties.coderDecodeEncodeEqual(coder, key);
    CoderProperties.coderDeterministic(coder, key, equalKey);
    CoderProperties.coderConsistentWithEquals(coder, key, equalKey);
    CoderProperties.coderSerializable(coder);
    coder.verifyDeterministic();
  }

  private static <K> void assertDistinct(Coder<K> coder, K a, K b) throws Exception {
    assertThat(a, not(equalTo(b)));
    assertThat(
        Arrays.equals(CoderUtils.encodeToByteArray(coder, a), CoderUtils.encodeToByteArray(coder, b)), equalTo(false));
    assertThat(CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, b)), equalTo(b));
  }

  @Test
  public void hashCodesAreTheSpecifiedOnesThatPickTheSameBucketInEveryJvm() {
    assertThat(new CustomerMonth("C1", null, "Lee", 2025, 11).hashCode(),
        equalTo(Arrays.hashCode(new Object[] {"C1", null, "Lee", 2025, 11})));
    assertThat(new SalesPersonMonth("S1", "SP1", "Kim", null, 2025, 1).hashCode(),
        equalTo(Arrays.hashCode(new Object[] {"S1", "SP1", "Kim", null, 2025, 1})));
    assertThat(new StoreProduct("S1", "Main", null, "P1").hashCode(),
        equalTo(Arrays.hashCode(new Object[] {"S1", "Main", null, "P1"})));
    assertThat(new StoreMonth("S1", 2025, 1).hashCode(), equalTo(Arrays.hashCode(new Object[] {"S1", 2025, 1})));
    assertThat(MartTotal.storeProduct("S1", "P1").hashCode(), equalTo(Arrays.hashCode(
        new Object[] {RejectOverflowingSales.STORE_PRODUCT_SALES, "", "S1", "", "P1", 0, 0})));
  }
}
