package io.salespipelines.pipelines.generate;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The dimension keys and the few attributes data rows need. Sizes come from the options, so memory
 * is bounded by the dimensions, never by the number of rows. Sales person {@code i} works in store
 * {@code i % stores}; persons {@code 0 .. stores-1} are the store managers.
 */
final class Dimensions {
  final int stores;
  final int customers;
  final int products;
  final int salesPeople;
  private final String[] productNames;
  private final long[] productCents;
  private final String[] teamFirstNames;
  private final String[] teamLastNames;

  Dimensions(GenerateOptions o, SplittableRandom rng) {
    stores = o.stores;
    customers = o.customers;
    products = o.products;
    salesPeople = o.salesPeople;
    productNames = new String[products];
    productCents = new long[products];
    for (int k = 0; k < products; k++) {
      productNames[k] = catalogName(k);
      productCents[k] = (1 + rng.nextInt(300)) * 100L - (rng.nextBoolean() ? 1 : 51);
    }
    teamFirstNames = new String[salesPeople];
    teamLastNames = new String[salesPeople];
    for (int i = 0; i < salesPeople; i++) {
      teamFirstNames[i] = Names.pick(rng, Names.FIRST);
      teamLastNames[i] = Names.pick(rng, Names.LAST);
    }
  }

  static String storeId(int index) {
    return "S" + pad(index + 1, 3);
  }

  static String customerId(int index) {
    return "C" + pad(index + 1, 5);
  }

  static String productId(int index) {
    return "P" + pad(index + 1, 4);
  }

  static String salesPersonId(int index) {
    return "SP" + pad(index + 1, 3);
  }

  /** Zero-padded decimal; wider numbers keep all their digits. */
  static String pad(long value, int width) {
    String digits = Long.toString(value);
    return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
  }

  String productName(int index) {
    return productNames[index];
  }

  private static String catalogName(int index) {
    if (index < Names.SPECIAL_PRODUCTS.length) {
      return Names.SPECIAL_PRODUCTS[index];
    }
    // Walking adjective x noun (then a model mark) keeps names unique, even case-insensitively.
    int g = index - Names.SPECIAL_PRODUCTS.length;
    int combos = Names.ADJECTIVES.length * Names.NOUNS.length;
    String name = Names.ADJECTIVES[g % Names.ADJECTIVES.length] + " "
        + Names.NOUNS[(g / Names.ADJECTIVES.length) % Names.NOUNS.length];
    return g < combos ? name : name + " Mk " + (g / combos + 1);
  }

  String productCategory(int index) {
    if (index < Names.SPECIAL_CATEGORIES.length) {
      return Names.SPECIAL_CATEGORIES[index];
    }
    int g = index - Names.SPECIAL_PRODUCTS.length;
    return Names.NOUN_CATEGORIES[(g / Names.ADJECTIVES.length) % Names.NOUNS.length];
  }

  /** How tutorial-layout files name a product: product 0 in lower case (matching ignores case). */
  String productReference(int index) {
    return index == 0 ? productNames[0].toLowerCase(Locale.ROOT) : productNames[index];
  }

  long productCents(int index) {
    return productCents[index];
  }

  /** A member of the store's team; a store without one borrows anybody. */
  int salesPersonFor(int store, SplittableRandom rng) {
    if (store >= salesPeople) {
      return rng.nextInt(salesPeople);
    }
    int teamSize = (salesPeople - store + stores - 1) / stores;
    return store + stores * rng.nextInt(teamSize);
  }

  boolean isManager(int person) {
    return person < stores;
  }

  int storeOf(int person) {
    return person % stores;
  }

  String teamFirstName(int person) {
    return teamFirstNames[person];
  }

  String teamLastName(int person) {
    return teamLastNames[person];
  }
}
