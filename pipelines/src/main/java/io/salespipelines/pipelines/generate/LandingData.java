package io.salespipelines.pipelines.generate;

import io.salespipelines.pipelines.generate.GenerateSummary.DataFile;
import io.salespipelines.schemas.ErrorType;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.SplittableRandom;

/**
 * Streams the data rows into the landing data files, one row object reused throughout, and counts
 * what each row was meant to become into the summary.
 */
final class LandingData {
  /** Enough ids for duplicates to point all over the run, small enough to not matter. */
  private static final int RESERVOIR_SIZE = 1024;
  /** In profiles with blank lines, one record in this many is followed by one. */
  private static final int BLANK_LINE_EVERY = 100;

  private final Output out;
  private final SplittableRandom rng;
  private final SaleFactory sales;
  private final DuplicateReservoir goodIds = new DuplicateReservoir(RESERVOIR_SIZE);
  private final Defects defects;
  private final GenerateSummary summary;
  private final Row row = new Row();
  private long remainingRows;
  private long remainingBad;
  private long sequence;
  private long goodCents;

  LandingData(Output out, Dimensions dims, SaleFactory sales, SplittableRandom rng,
      GenerateSummary summary) {
    this.out = out;
    this.rng = rng;
    this.sales = sales;
    this.defects = new Defects(dims, rng, goodIds);
    this.summary = summary;
  }

  /** Splits {@code rows} evenly over {@code files} files, exactly {@code badRows} of them bad. */
  void write(long rows, long badRows, int files) throws IOException {
    remainingRows = rows;
    remainingBad = badRows;
    int width = Math.max(4, Integer.toString(files).length());
    for (int index = 1; index <= files; index++) {
      long rowsInFile = rows / files + (index <= rows % files ? 1 : 0);
      writeFile(index, "sales_" + Dimensions.pad(index, width), rowsInFile);
    }
    summary.goodTotalCost = BigDecimal.valueOf(goodCents, 2);
  }

  private void writeFile(int index, String baseName, long rows) throws IOException {
    FileProfile profile = Profiles.forFile(index);
    boolean notes = profile.has(Field.NOTE);
    boolean transactionIds = profile.has(Field.TRANSACTION_ID);
    DataFile entry = new DataFile();
    entry.name = baseName + profile.extension(Profiles.cycle(index));
    entry.format = profile.format().code;
    try (LandingWriter writer =
        LandingWriter.open(profile, out.createMaybeGzip("landing/" + entry.name))) {
      for (long r = 0; r < rows; r++) {
        sales.fill(row, ++sequence, profile);
        if (drawBad()) {
          ErrorType type = defects.breakRow(row, profile);
          summary.badRowsByType.merge(type.code(), 1L, Long::sum);
          entry.badRows++;
        } else {
          if (notes) {
            sales.annotate(row, entry.goodRows);
          }
          if (transactionIds) {
            goodIds.offer(row.get(Field.TRANSACTION_ID), rng);
          }
          goodCents += row.totalCents();
          entry.goodRows++;
        }
        entry.rows++;
        writer.write(row);
        if (profile.blankLines() && rng.nextInt(BLANK_LINE_EVERY) == 0) {
          writer.blankLine();
        }
      }
    }
    summary.dataRows += entry.rows;
    summary.goodRows += entry.goodRows;
    summary.dataFiles.add(entry);
  }

  /** Selection sampling: exactly the planned number of bad rows, spread evenly over the run. */
  private boolean drawBad() {
    boolean bad = rng.nextLong(remainingRows) < remainingBad;
    remainingRows--;
    if (bad) {
      remainingBad--;
    }
    return bad;
  }
}
