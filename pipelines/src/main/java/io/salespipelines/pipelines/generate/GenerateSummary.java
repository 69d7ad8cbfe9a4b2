package io.salespipelines.pipelines.generate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcomes the generator intended, written to {@code _generator.json} so that tests can hold a
 * pipeline run against them.
 */
public final class GenerateSummary {
  public long seed;

  /** Data rows written; {@code dataRows == goodRows + sum(badRowsByType)}. */
  public long dataRows;

  public long goodRows;

  /** Bad data rows per SPEC 1.2 error_type code, in check order, zeros included. */
  public Map<String, Long> badRowsByType = new LinkedHashMap<>();

  /** Sum of the good rows' total_cost, each rounded HALF_UP to cents as the pipeline reads it. */
  public BigDecimal goodTotalCost = BigDecimal.ZERO.setScale(2);

  /** Landing data files (the ones holding {@link #dataRows}). */
  public int files;

  public List<DataFile> dataFiles = new ArrayList<>();

  /** Landing files that are not data files, with what the pipeline should do with each. */
  public List<FileEntry> fileEntries = new ArrayList<>();

  /** Whole-file dead letters the pipeline should write, per error_type (line 0 entries). */
  public Map<String, Long> fileDeadLetters = new LinkedHashMap<>();

  /** One landing data file. */
  public static final class DataFile {
    public String name;
    /** {@code csv}, {@code tutorial_csv} or {@code json_lines}. */
    public String format;
    public long rows;
    public long goodRows;
    public long badRows;
  }

  /** One landing file outside the data rows. */
  public static final class FileEntry {
    /** Path relative to the landing folder. */
    public String name;
    /** {@code dead_letter}, {@code no_rows}, {@code ignored} or {@code not_read}. */
    public String outcome;
    /** The error_type of the single whole-file dead letter, when outcome is dead_letter. */
    public String errorType;
    public String detail;

    FileEntry(String name, String outcome, String errorType, String detail) {
      this.name = name;
      this.outcome = outcome;
      this.errorType = errorType;
      this.detail = detail;
    }
  }
}
