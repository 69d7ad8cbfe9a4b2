package io.salespipelines.pipelines.generate;

/** What {@link OrdersDataGenerator#generate} writes; the CLI fills the public fields. */
public final class OrdersGenerateOptions {
  /** Local directory or {@code s3://bucket/prefix}; required. */
  public String output;

  /** Orders across all monthly files, good and bad; file-level extras hold none. */
  public long rows = 10_000;

  public long seed = 42;

  /** Share of orders that are bad; exactly {@code round(rows * badRate)} of them are. */
  public double badRate = 0.02;

  /** Monthly files ({@code orders_YYYY_MM.json}); 0 picks 12. */
  public int months = 0;

  /** The first month, {@code YYYY-MM}. */
  public String firstMonth = "2025-01";

  /** Distinct customers; 0 picks {@code max(20, rows / 6)}, so a customer orders about six times. */
  public int customers = 0;
}
