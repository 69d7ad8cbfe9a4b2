package io.salespipelines.pipelines.salesmarts;

import io.salespipelines.pipelines.publish.Charts;
import io.salespipelines.pipelines.publish.ReportData;
import io.salespipelines.pipelines.publish.ReportSection;
import io.salespipelines.schemas.SalesTeamIncentive;
import io.salespipelines.schemas.StoreProductSales;
import io.salespipelines.schemas.Tables;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The sales-marts sections of the run report: sales per store and month, the top products, and
 * the incentive winners per store and month. Read from the committed aggregate tables
 * ({@code store_product_sales}, {@code sales_team_incentive}: one row per store and product, and
 * per store, sales person and month), never from the row-level marts; only top-N reach the page.
 */
final class SalesMartsReport {
  static final int MONTHS = 12;
  static final int STORES = 20;
  static final int STORES_CHARTED = 8;
  static final int PRODUCTS = 15;

  private SalesMartsReport() {}

  static List<ReportSection> sections(ReportData data) throws Exception {
    Map<String, Product> products = new HashMap<>();
    Map<String, String> storeNames = new HashMap<>();
    long[] transactions = {0};
    data.forEachRow(Tables.STORE_PRODUCT_SALES, (StoreProductSales r) -> {
      products.computeIfAbsent(r.getProductId(), Product::new).add(r);
      storeNames.putIfAbsent(r.getStoreId(), r.getStoreName());
      transactions[0] += r.getTransactionCount();
    });
    Map<String, Map<String, BigDecimal>> salesByStoreMonth = new HashMap<>();
    Map<String, Winner> winners = new TreeMap<>();
    BigDecimal[] incentives = {BigDecimal.ZERO};
    data.forEachRow(Tables.SALES_TEAM_INCENTIVE, (SalesTeamIncentive r) -> {
      String month = String.format("%04d-%02d", r.getYear(), r.getMonth());
      salesByStoreMonth.computeIfAbsent(r.getStoreId(), k -> new TreeMap<>())
          .merge(month, r.getTotalSales(), BigDecimal::add);
      winners.computeIfAbsent(r.getStoreId() + "|" + month, k -> new Winner(r.getStoreId(), month)).offer(r);
      incentives[0] = incentives[0].add(r.getIncentive());
    });
    List<ReportSection> sections = new ArrayList<>();
    sections.add(sales(salesByStoreMonth, storeNames, products, transactions[0]));
    sections.add(topProducts(products));
    sections.add(winners(winners, salesByStoreMonth, storeNames, incentives[0]));
    sections.add(earners(winners));
    return sections;
  }

  private static ReportSection sales(
      Map<String, Map<String, BigDecimal>> byStoreMonth, Map<String, String> storeNames,
      Map<String, Product> products, long transactions) {
    List<String> allMonths = months(byStoreMonth);
    List<String> months = allMonths.subList(Math.max(0, allMonths.size() - MONTHS), allMonths.size());
    Map<String, BigDecimal> storeTotals = storeTotals(byStoreMonth);
    List<String> stores = ranked(storeTotals);
    List<String> shown = stores.subList(0, Math.min(STORES, stores.size()));
    BigDecimal total = sum(storeTotals.values());

    ReportSection s = new ReportSection(
        "sales", "Sales per store and month",
        "Sales (total_cost of every accepted sale, all runs so far): per calendar month over all stores,"
            + " then per store and month for the " + shown.size() + " stores that sell most.");
    s.figure("Total sales", ReportSection.money(total))
        .figure("Transactions", ReportSection.count(transactions))
        .figure("Stores", ReportSection.count(stores.size()))
        .figure("Products sold", ReportSection.count(products.size()))
        .figure("Months", allMonths.isEmpty() ? "none" : allMonths.get(0) + " – " + allMonths.get(allMonths.size() - 1));
    List<BigDecimal> monthly = new ArrayList<>();
    for (String m : months) {
      monthly.add(sum(byStoreMonth.values().stream().map(v -> v.getOrDefault(m, BigDecimal.ZERO))
          .collect(Collectors.toList())));
    }
    s.chart(Charts.bars(months, Map.of("Sales, all stores", monthly), false), 260);
    List<Charts.Cell> cells = new ArrayList<>();
    for (int y = 0; y < shown.size(); y++) {
      String store = shown.get(y);
      for (int x = 0; x < months.size(); x++) {
        BigDecimal v = byStoreMonth.get(store).get(months.get(x));
        if (v != null) {
          cells.add(new Charts.Cell(x, y, v, ReportSection.compact(v),
              label(store, storeNames) + ", " + months.get(x) + ": " + ReportSection.money(v)));
        }
      }
    }
    s.chart(Charts.heatmap(months, labels(shown, storeNames), cells), 90 + 26 * Math.max(shown.size(), 1));
    List<String> columns = new ArrayList<>(List.of("Store", "Name"));
    months.forEach(m -> columns.add(m + " #"));
    columns.add("Total #");
    s.columns(columns.toArray(new String[0]));
    for (String store : shown) {
      List<Object> row = new ArrayList<>(List.of(store, String.valueOf(storeNames.getOrDefault(store, ""))));
      months.forEach(m -> row.add(byStoreMonth.get(store).getOrDefault(m, BigDecimal.ZERO)));
      row.add(storeTotals.get(store));
      s.row(row.toArray());
    }
    List<String> notes = new ArrayList<>();
    if (stores.size() > shown.size()) {
      notes.add((stores.size() - shown.size()) + " smaller stores not listed");
    }
    if (allMonths.size() > months.size()) {
      notes.add("the " + (allMonths.size() - months.size()) + " earlier month(s) are in the tables (Total covers them)");
    }
    if (!notes.isEmpty()) {
      s.tableNote(String.join("; ", notes) + ". The monthly_store_sales view has every store and month.");
    }
    return s;
  }

  private static ReportSection topProducts(Map<String, Product> products) {
    List<Product> top = products.values().stream()
        .sorted(Comparator.comparing((Product p) -> p.sales).reversed().thenComparing(p -> p.id))
        .limit(PRODUCTS).collect(Collectors.toList());
    ReportSection s = new ReportSection(
        "products", "Top products",
        "The " + top.size() + " products with the highest sales over all stores, of " + products.size() + " sold.");
    s.chart(Charts.ranking(top.stream().map(p -> p.id).collect(Collectors.toList()),
        top.stream().map(p -> p.sales).collect(Collectors.toList()), "Sales"), 40 + 26 * Math.max(top.size(), 1));
    s.columns("Rank #", "Product", "Sales #", "Transactions #", "Stores #");
    int rank = 1;
    for (Product p : top) {
      s.row(rank++, p.id, p.sales, p.transactions, p.stores);
    }
    return s;
  }

  private static ReportSection winners(
      Map<String, Winner> winners, Map<String, Map<String, BigDecimal>> byStoreMonth,
      Map<String, String> storeNames, BigDecimal incentives) {
    List<String> allMonths = winners.values().stream().map(w -> w.month).distinct().sorted()
        .collect(Collectors.toList());
    List<String> months = allMonths.subList(Math.max(0, allMonths.size() - MONTHS), allMonths.size());
    List<String> stores = ranked(storeTotals(byStoreMonth));
    stores = stores.subList(0, Math.min(STORES, stores.size()));
    List<Charts.Cell> cells = new ArrayList<>();
    for (int y = 0; y < stores.size(); y++) {
      for (int x = 0; x < months.size(); x++) {
        Winner w = winners.get(stores.get(y) + "|" + months.get(x));
        if (w != null) {
          cells.add(new Charts.Cell(x, y, w.sales, w.shortNames(),
              label(stores.get(y), storeNames) + ", " + months.get(x) + ": " + w.names() + ", sales "
                  + ReportSection.money(w.sales) + ", incentive " + ReportSection.money(w.incentive)));
        }
      }
    }
    ReportSection s = new ReportSection(
        "winners", "Incentive winners per store and month",
        "The top performer of each store and month (ties all win), coloured by their sales; hover a"
            + " cell for the amounts. The table has the latest month.");
    s.figure("Incentives paid", ReportSection.money(incentives))
        .figure("Store-months", ReportSection.count(winners.size()));
    s.chart(Charts.heatmap(months, labels(stores, storeNames), cells), 90 + 26 * Math.max(stores.size(), 1));
    s.columns("Month", "Store", "Winner", "Sales #", "Incentive #");
    if (!months.isEmpty()) {
      String latest = months.get(months.size() - 1);
      for (String store : stores) {
        Winner w = winners.get(store + "|" + latest);
        if (w != null) {
          s.row(latest, label(store, storeNames), w.names(), w.sales, w.incentive);
        }
      }
    }
    s.tableNote("Every store and month: the incentive_winners view.");
    return s;
  }

  private static ReportSection earners(Map<String, Winner> winners) {
    Map<String, Earner> earners = new HashMap<>();
    for (Winner w : winners.values()) {
      for (Winner.Person p : w.people) {
        earners.computeIfAbsent(p.name, Earner::new).add(w.store, p);
      }
    }
    List<Earner> top = earners.values().stream()
        .sorted(Comparator.comparing((Earner e) -> e.incentive).reversed().thenComparing(e -> e.name))
        .limit(PRODUCTS).collect(Collectors.toList());
    ReportSection s = new ReportSection(
        "earners", "Top incentive earners",
        "The " + top.size() + " sales people who earned the most incentive over all months, of "
            + earners.size() + " who won at least once.");
    s.chart(Charts.ranking(top.stream().map(e -> e.name).collect(Collectors.toList()),
        top.stream().map(e -> e.incentive).collect(Collectors.toList()), "Incentive"), 40 + 26 * Math.max(top.size(), 1));
    s.columns("Rank #", "Sales person", "Stores", "Months won #", "Incentive #");
    int rank = 1;
    for (Earner e : top) {
      s.row(rank++, e.name, String.join(", ", e.stores), e.monthsWon, e.incentive);
    }
    return s;
  }

  /** Keys by value, largest first (ties by key). */
  private static List<String> ranked(Map<String, BigDecimal> totals) {
    return totals.entrySet().stream()
        .sorted(Map.Entry.<String, BigDecimal>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey).collect(Collectors.toList());
  }

  private static List<String> months(Map<String, Map<String, BigDecimal>> byStoreMonth) {
    return byStoreMonth.values().stream().flatMap(m -> m.keySet().stream()).distinct().sorted()
        .collect(Collectors.toList());
  }

  private static Map<String, BigDecimal> storeTotals(Map<String, Map<String, BigDecimal>> byStoreMonth) {
    Map<String, BigDecimal> totals = new HashMap<>();
    byStoreMonth.forEach((store, m) -> totals.put(store, sum(m.values())));
    return totals;
  }

  private static List<String> labels(List<String> stores, Map<String, String> names) {
    return stores.stream().map(st -> label(st, names)).collect(Collectors.toList());
  }

  private static String label(String store, Map<String, String> names) {
    String name = names.get(store);
    return name == null ? store : store + " " + name;
  }

  private static BigDecimal sum(java.util.Collection<BigDecimal> values) {
    return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static final class Product {
    final String id;
    BigDecimal sales = BigDecimal.ZERO;
    long transactions;
    long stores;

    Product(String id) {
      this.id = id;
    }

    void add(StoreProductSales r) {
      sales = sales.add(r.getTotalSales());
      transactions += r.getTransactionCount();
      stores++;
    }
  }

  /** The top performers of one store and month: the highest total, ties all kept. */
  private static final class Winner {
    /** One of them. */
    static final class Person {
      final String name;
      final String shortName;
      final BigDecimal incentive;

      Person(SalesTeamIncentive r) {
        String first = r.getFirstName() == null ? "" : r.getFirstName().trim();
        String last = r.getLastName() == null ? "" : r.getLastName().trim();
        String full = (first + " " + last).trim();
        this.name = full.isEmpty() ? r.getSalesPersonId() : full + " (" + r.getSalesPersonId() + ")";
        this.shortName = last.isEmpty() ? r.getSalesPersonId() : (first.isEmpty() ? "" : first.charAt(0) + ". ") + last;
        this.incentive = r.getIncentive();
      }
    }

    final String store;
    final String month;
    BigDecimal sales;
    BigDecimal incentive = BigDecimal.ZERO;
    final List<Person> people = new ArrayList<>();

    Winner(String store, String month) {
      this.store = store;
      this.month = month;
    }

    void offer(SalesTeamIncentive r) {
      int c = sales == null ? 1 : r.getTotalSales().compareTo(sales);
      if (c > 0) {
        sales = r.getTotalSales();
        people.clear();
        incentive = BigDecimal.ZERO;
      }
      if (c >= 0) {
        people.add(new Person(r));
        incentive = incentive.add(r.getIncentive());
      }
    }

    String names() {
      return people.stream().map(p -> p.name).sorted().collect(Collectors.joining(", "));
    }

    String shortNames() {
      return people.size() == 1 ? people.get(0).shortName : people.size() + " tied";
    }
  }

  /** A sales person's wins over all stores and months. */
  private static final class Earner {
    final String name;
    final java.util.TreeSet<String> stores = new java.util.TreeSet<>();
    long monthsWon;
    BigDecimal incentive = BigDecimal.ZERO;

    Earner(String name) {
      this.name = name;
    }

    void add(String store, Winner.Person p) {
      stores.add(store);
      monthsWon++;
      incentive = incentive.add(p.incentive);
    }
  }
}
