package io.salespipelines.pipelines.orders;

import io.salespipelines.pipelines.publish.CatalogTable;
import io.salespipelines.pipelines.publish.CatalogView;
import io.salespipelines.pipelines.publish.Charts;
import io.salespipelines.pipelines.publish.PartitionProjection;
import io.salespipelines.pipelines.publish.Publishable;
import io.salespipelines.pipelines.publish.ReportData;
import io.salespipelines.pipelines.publish.ReportSection;
import io.salespipelines.schemas.CategorySalesMonthly;
import io.salespipelines.schemas.CohortRetention;
import io.salespipelines.schemas.MonthlyChurn;
import io.salespipelines.schemas.MonthlyRevenue;
import io.salespipelines.schemas.OrdersTables;
import io.salespipelines.schemas.RevenueMom;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The query layer of {@code orders-analytics} (SPEC 2.2): its tables and views for the catalog, and
 * the report's sections (monthly revenue and AOV, month-over-month growth, category mix, cohort
 * retention, churn), read from the metric tables, which hold one row per month (and category or
 * cohort): small, and bounded further to the latest months.
 */
final class OrdersAnalyticsPublishable implements Publishable {
  static final int MONTHS = 24;
  static final int COHORTS = 12;
  static final int CATEGORIES = 8;

  @Override
  public List<CatalogTable> catalogTables() {
    return List.of(
        CatalogTable.parquet(OrdersTables.FACT_ORDERS, "one row per accepted order, all runs",
            PartitionProjection.integersFound(4), PartitionProjection.integers(1, 12, 2)),
        CatalogTable.parquet(OrdersTables.FACT_ORDER_ITEMS, "one row per item of an accepted order, all runs",
            PartitionProjection.integersFound(4), PartitionProjection.integers(1, 12, 2)),
        CatalogTable.parquet(OrdersTables.MONTHLY_REVENUE, "paid orders, revenue and AOV per month"),
        CatalogTable.parquet(OrdersTables.REVENUE_MOM, "revenue, month-over-month growth and running revenue"),
        CatalogTable.parquet(OrdersTables.CATEGORY_SALES_MONTHLY, "units and revenue per month and category"),
        CatalogTable.parquet(OrdersTables.MONTHLY_ACTIVE_CUSTOMERS, "active customers per month and country"),
        CatalogTable.parquet(OrdersTables.COHORT_RETENTION, "retention of each first-order cohort, months 0 to 6"),
        CatalogTable.parquet(OrdersTables.MONTHLY_CHURN, "customers active in a month and not in the next"),
        CatalogTable.deadLetters());
  }

  @Override
  public List<CatalogView> catalogViews(String db) {
    return List.of(
        CatalogView.of(
            "monthly_kpis", "revenue, orders, AOV, growth, active customers and churn per month",
            "SELECT m.month, r.orders, m.revenue, r.aov, m.mom_growth_pct, m.running_revenue,"
                + " c.active_customers, c.churned, c.churn_pct\n"
                + "FROM " + db + ".revenue_mom m\n"
                + "LEFT JOIN " + db + ".monthly_revenue r ON r.month = m.month\n"
                + "LEFT JOIN " + db + ".monthly_churn c ON c.month = m.month"),
        CatalogView.deadLettersByRun(db));
  }

  @Override
  public List<ReportSection> reportSections(ReportData data) throws Exception {
    Map<String, MonthlyRevenue> revenue = new TreeMap<>();
    data.forEachRow(OrdersTables.MONTHLY_REVENUE, (MonthlyRevenue r) -> revenue.put(r.getMonth(), r));
    Map<String, RevenueMom> mom = new TreeMap<>();
    data.forEachRow(OrdersTables.REVENUE_MOM, (RevenueMom r) -> mom.put(r.getMonth(), r));
    Map<String, Map<String, BigDecimal>> categories = new TreeMap<>();
    Map<String, BigDecimal> categoryTotals = new HashMap<>();
    data.forEachRow(OrdersTables.CATEGORY_SALES_MONTHLY, (CategorySalesMonthly r) -> {
      categories.computeIfAbsent(r.getMonth(), k -> new HashMap<>()).merge(r.getCategory(), r.getRevenue(), BigDecimal::add);
      categoryTotals.merge(r.getCategory(), r.getRevenue(), BigDecimal::add);
    });
    Map<String, Map<Integer, CohortRetention>> cohorts = new TreeMap<>();
    data.forEachRow(OrdersTables.COHORT_RETENTION, (CohortRetention r) ->
        cohorts.computeIfAbsent(r.getCohortMonth(), k -> new TreeMap<>()).put(r.getMonthsSince(), r));
    Map<String, MonthlyChurn> churn = new TreeMap<>();
    data.forEachRow(OrdersTables.MONTHLY_CHURN, (MonthlyChurn r) -> churn.put(r.getMonth(), r));

    List<ReportSection> sections = new ArrayList<>();
    sections.add(revenue(revenue, mom));
    sections.add(categoryMix(categories, categoryTotals));
    sections.add(retention(cohorts));
    sections.add(churn(churn));
    return sections;
  }

  private static <T> List<String> latest(Map<String, T> byMonth, int n) {
    List<String> months = new ArrayList<>(byMonth.keySet());
    return months.subList(Math.max(0, months.size() - n), months.size());
  }

  private static ReportSection revenue(Map<String, MonthlyRevenue> revenue, Map<String, RevenueMom> mom) {
    List<String> months = latest(mom, MONTHS);
    BigDecimal total = revenue.values().stream().map(MonthlyRevenue::getRevenue).reduce(BigDecimal.ZERO, BigDecimal::add);
    long orders = revenue.values().stream().mapToLong(MonthlyRevenue::getOrders).sum();
    ReportSection s = new ReportSection(
        "revenue", "Monthly revenue, AOV and growth",
        "Revenue of paid orders (the sum of their items) per month, average order value, and growth"
            + " over the previous month; all runs so far.");
    s.figure("Revenue", ReportSection.money(total)).figure("Paid orders", ReportSection.count(orders))
        .figure("Months", months.isEmpty() ? "none" : months.get(0) + " – " + months.get(months.size() - 1));
    s.chart(Charts.bars(months, Map.of("Revenue", months.stream().map(m -> mom.get(m).getRevenue())
        .collect(Collectors.toList())), false), 280);
    Map<String, List<? extends Number>> growth = new LinkedHashMap<>();
    growth.put("MoM growth %", months.stream().map(m -> mom.get(m).getMomGrowthPct()).collect(Collectors.toList()));
    s.chart(Charts.bars(months, growth, false), 220);
    s.columns("Month", "Orders #", "Revenue #", "AOV #", "MoM growth % #", "Running revenue #");
    for (String m : months) {
      MonthlyRevenue r = revenue.get(m);
      RevenueMom g = mom.get(m);
      s.row(m, r == null ? 0L : r.getOrders(), g.getRevenue(), r == null ? null : r.getAov(),
          g.getMomGrowthPct(), g.getRunningRevenue());
    }
    return s;
  }

  private static ReportSection categoryMix(
      Map<String, Map<String, BigDecimal>> byMonth, Map<String, BigDecimal> totals) {
    List<String> months = latest(byMonth, MONTHS);
    List<String> top = totals.entrySet().stream()
        .sorted(Map.Entry.<String, BigDecimal>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey).limit(CATEGORIES).collect(Collectors.toList());
    Map<String, List<? extends Number>> series = new LinkedHashMap<>();
    for (String c : top) {
      series.put(c, months.stream().map(m -> byMonth.get(m).getOrDefault(c, BigDecimal.ZERO)).collect(Collectors.toList()));
    }
    if (totals.size() > top.size()) {
      series.put("Other", months.stream().map(m -> byMonth.get(m).entrySet().stream()
          .filter(e -> !top.contains(e.getKey())).map(Map.Entry::getValue)
          .reduce(BigDecimal.ZERO, BigDecimal::add)).collect(Collectors.toList()));
    }
    ReportSection s = new ReportSection(
        "categories", "Category mix", "Revenue per category and month (paid orders), the "
            + top.size() + " largest categories and the others together.");
    s.chart(Charts.bars(months, series, true), 340);
    s.columns("Category", "Revenue #");
    for (String c : top) {
      s.row(c, totals.get(c));
    }
    return s;
  }

  private static ReportSection retention(Map<String, Map<Integer, CohortRetention>> cohorts) {
    List<String> shown = latest(cohorts, COHORTS);
    List<String> since = new ArrayList<>();
    for (int i = 0; i <= 6; i++) {
      since.add("month " + i);
    }
    List<Charts.Cell> cells = new ArrayList<>();
    for (int y = 0; y < shown.size(); y++) {
      for (CohortRetention r : cohorts.get(shown.get(y)).values()) {
        cells.add(new Charts.Cell(r.getMonthsSince(), y, r.getRetentionPct(), r.getRetentionPct() + "%",
            shown.get(y) + " cohort, month " + r.getMonthsSince() + ": " + r.getActiveCustomers() + " of "
                + r.getCohortSize() + " (" + r.getRetentionPct() + "%)"));
      }
    }
    ReportSection s = new ReportSection(
        "retention", "Cohort retention",
        "Share of each cohort (customers by the month of their first paid order) with a paid order"
            + " 0 to 6 months later; the latest " + shown.size() + " cohorts.");
    s.chart(Charts.heatmap(since, shown, cells), 90 + 26 * Math.max(shown.size(), 1));
    s.columns("Cohort", "Customers #", "Month 1 % #", "Month 3 % #", "Month 6 % #");
    for (String c : shown) {
      Map<Integer, CohortRetention> r = cohorts.get(c);
      CohortRetention first = r.values().iterator().next();
      s.row(c, first.getCohortSize(), pct(r.get(1)), pct(r.get(3)), pct(r.get(6)));
    }
    return s;
  }

  private static BigDecimal pct(CohortRetention r) {
    return r == null ? null : r.getRetentionPct();
  }

  private static ReportSection churn(Map<String, MonthlyChurn> churn) {
    List<String> months = latest(churn, MONTHS);
    ReportSection s = new ReportSection(
        "churn", "Active customers and churn",
        "Customers with a paid order in the month, and the share of them with none in the next month.");
    s.chart(Charts.bars(months, Map.of("Churn %", months.stream().map(m -> churn.get(m).getChurnPct())
        .collect(Collectors.toList())), false), 240);
    s.columns("Month", "Active customers #", "Churned #", "Churn % #");
    for (String m : months) {
      MonthlyChurn c = churn.get(m);
      s.row(m, c.getActiveCustomers(), c.getChurned(), c.getChurnPct());
    }
    return s;
  }
}
