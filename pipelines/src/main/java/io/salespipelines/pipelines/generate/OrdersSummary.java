package io.salespipelines.pipelines.generate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link OrdersDataGenerator} intended, written to {@code _generator.json} so that tests and
 * benchmarks can hold an {@code orders-analytics} run against it.
 */
public final class OrdersSummary {
  public String dataset = "orders";
  public long seed;

  /** Orders written to the monthly files: {@code orders == goodOrders + sum(badOrdersByType)}. */
  public long orders;

  public long goodOrders;

  /** Item lines of the good orders: what fact_order_items gains. */
  public long goodItems;

  /** Bad orders per SPEC 2.1 error_type, in check order, zeros included. */
  public Map<String, Long> badOrdersByType = new LinkedHashMap<>();

  /** Good orders whose payment status is paid (after lower-casing). */
  public long paidOrders;

  /** Σ order_total of the good paid orders, prices rounded HALF_UP to cents as the job reads them. */
  public BigDecimal paidRevenue = BigDecimal.ZERO.setScale(2);

  /** Σ order_total of all good orders. */
  public BigDecimal goodOrderTotal = BigDecimal.ZERO.setScale(2);

  public int customers;

  public List<DataFile> dataFiles = new ArrayList<>();

  /** Files that hold no orders, with what the job should do with each. */
  public List<GenerateSummary.FileEntry> fileEntries = new ArrayList<>();

  /** Whole-file dead letters the job should write, per error_type (line 0 entries). */
  public Map<String, Long> fileDeadLetters = new LinkedHashMap<>();

  /** One monthly file. */
  public static final class DataFile {
    public String name;
    public String month;
    /** {@code json_lines}, {@code pretty_array}, {@code array_per_line}, {@code one_line_array}. */
    public String layout;
    public boolean gzip;
    public long orders;
    public long goodOrders;
    public long badOrders;
    public long goodItems;
  }
}
