package io.salespipelines.pipelines.run;

import io.salespipelines.schemas.OutputTable;
import io.salespipelines.schemas.SqlTable;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A folder a batch job stages and the commit moves into the output: a table, or run state such as
 * {@code _state/accepted_sales}. Aggregates are replaced whole by each run, row-level tables and
 * state gain the run's files. A table may also be upserted into the database at the commit, from
 * its committed files, so that the database changes with the files and never before.
 */
public final class CommittedTable {
  /** How the staged files join the folder. */
  public enum Mode {
    REPLACE,
    APPEND
  }

  final String folder;
  final Mode mode;
  /** Committed also when the data-quality gate stops the run (the dead letters). */
  final boolean evenWhenGated;
  final @Nullable Upserted<?> upserted;
  /** A row-level Parquet table whose small files a run may rewrite together ({@link Compaction}). */
  final @Nullable OutputTable<?> rows;

  private CommittedTable(
      String folder, Mode mode, boolean evenWhenGated, @Nullable Upserted<?> upserted, @Nullable OutputTable<?> rows) {
    this.folder = folder;
    this.mode = mode;
    this.evenWhenGated = evenWhenGated;
    this.upserted = upserted;
    this.rows = rows;
  }

  /** Recomputed by each run: the run's files replace the folder's. */
  public static CommittedTable replaced(String folder) {
    return new CommittedTable(folder, Mode.REPLACE, false, null, null);
  }

  /** Replaced, then upserted into the database on the SQL table's primary key. */
  public static <T> CommittedTable replacedAndUpserted(OutputTable<T> table, SqlTable<T> sql) {
    return new CommittedTable(table.name(), Mode.REPLACE, false, new Upserted<>(table, sql), null);
  }

  /** Accumulates: the run's files join the folder's. */
  public static CommittedTable appended(String folder) {
    return new CommittedTable(folder, Mode.APPEND, false, null, null);
  }

  /**
   * A row-level table: the run's files join the folder's, and once a partition holds small files
   * of {@code --compactAfterRuns} runs a run rewrites them into one ({@link Compaction}).
   */
  public static CommittedTable appendedRows(OutputTable<?> table) {
    return new CommittedTable(table.name(), Mode.APPEND, false, null, table);
  }

  /** The dead letters: appended, and kept even when the gate commits nothing else. */
  public static CommittedTable deadLetters(String folder) {
    return new CommittedTable(folder, Mode.APPEND, true, null, null);
  }

  public String folder() {
    return folder;
  }

  /** A Parquet table and the database table its rows are upserted into. */
  static final class Upserted<T> {
    final OutputTable<T> table;
    final SqlTable<T> sql;

    Upserted(OutputTable<T> table, SqlTable<T> sql) {
      this.table = table;
      this.sql = sql;
    }
  }
}
