package io.salespipelines.pipelines.generate;

import java.util.SplittableRandom;

/**
 * Word lists for synthetic values. They hold hostile but valid text on purpose (commas, quotes,
 * apostrophes, non-ASCII letters) so that every reader and writer on the way gets exercised.
 */
final class Names {
  static final String[] FIRST = {
    "Zoë", "José", "Siobhán", "Łukasz", "Aarav", "Mei", "Robert \"Bob\"", "Anne-Marie", "Chidi",
    "Olga", "Liam", "Emma", "Noah", "Ava", "Sofia", "Yuki", "François", "Ngozi", "Ravi", "Hannah",
    "Mateo", "Priya", "Lars", "Fatima"
  };
  static final String[] LAST = {
    "O'Brien", "Smith, Jr.", "Müller", "García", "D'Angelo", "Nguyễn", "Kowalski", "Tanaka",
    "Okafor", "Patel", "Johnson", "Brown", "Lee", "Williams", "Sørensen", "van der Berg",
    "Ó Súilleabháin", "Schmidt", "Rossi", "Haddad"
  };
  static final String[] STREETS = {
    "Main St", "High Street", "Rue de l'Église", "Baker Street", "MG Road", "Elm Ave",
    "Königstraße", "Calle Mayor"
  };
  static final String[] CITIES = {
    "Austin, TX", "Portland, OR", "Zürich", "São Paulo", "Bengaluru", "Dublin", "München",
    "New York, NY", "Kraków", "Lagos"
  };
  static final String[] STORE_KINDS = {
    "Market", "Superstore", "Express", "Farmers' Market", "Corner Shop, Downtown"
  };

  /**
   * The first products. The first one is referred to in lower case by tutorial-layout files, so
   * its name must differ from its lower-case form and be ASCII (case folding stays unambiguous).
   */
  static final String[] SPECIAL_PRODUCTS = {
    "UltraBoost USB-C Charger", "Cable, USB-C to USB-C (2 m)", "27\" 4K Monitor",
    "Kid's Backpack", "Crème Brûlée Torch", "Café Espresso Beans 1kg"
  };
  static final String[] SPECIAL_CATEGORIES = {
    "Electronics", "Electronics", "Electronics", "Bags", "Kitchen", "Grocery"
  };
  static final String[] ADJECTIVES = {
    "Classic", "Deluxe", "Compact", "Eco", "Pro", "Smart", "Mini", "Ultra", "Family", "Travel"
  };
  static final String[] NOUNS = {
    "Kettle", "Toaster", "Blender", "Headphones", "Desk Lamp", "Backpack", "Water Bottle",
    "Yoga Mat", "Coffee Grinder", "Notebook", "Umbrella", "Sneakers", "Jacket", "Frying Pan",
    "Board Game", "Scented Candle"
  };
  static final String[] NOUN_CATEGORIES = {
    "Kitchen", "Kitchen", "Kitchen", "Electronics", "Home", "Bags", "Outdoor", "Sports", "Kitchen",
    "Stationery", "Outdoor", "Footwear", "Apparel", "Kitchen", "Toys", "Home"
  };
  static final String[] BRANDS = {
    "Acme", "Nordisk", "Zoë & Co", "Brand, Inc.", "Kōbō", "Hearth & Home", "O'Malley's"
  };
  static final String[] CHANNELS = {"online", "store", "phone"};
  static final String[] PROMO_CODES = {"SPRING10", "VIP", "BOGO-2025"};

  /** Free-text notes for good CSV rows: a comma, an embedded newline, quotes, unicode. */
  static final String[] NOTES = {
    "gift wrap, please",
    "leave with neighbour\nback door is open",
    "customer said \"great service\"",
    "Zoë's birthday present"
  };

  private Names() {}

  static String pick(SplittableRandom rng, String[] words) {
    return words[rng.nextInt(words.length)];
  }
}
