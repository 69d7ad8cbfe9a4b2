package io.salespipelines.pipelines.generate;

/** What {@link SalesDataGenerator#generate} writes; the CLI fills the public fields. */
public final class GenerateOptions {
  /** Local directory or {@code s3://bucket/prefix}; required. */
  public String output;

  /** Data rows across all landing data files, good and bad; file-level extras are not rows. */
  public long rows = 10_000;

  public long seed = 42;

  /** Share of data rows that are bad; exactly {@code round(rows * badRate)} of them are. */
  public double badRate = 0.02;

  /** Landing data files; 0 picks {@code max(4, ceil(rows / 250_000))}. */
  public int files = 0;

  public int stores = 20;
  public int customers = 5_000;
  public int products = 200;
  public int salesPeople = 60;

  /** First sales day (ISO date); sales fall on {@code days} consecutive UTC days from it. */
  public String startDate = "2025-01-01";

  public int days = 365;
}
