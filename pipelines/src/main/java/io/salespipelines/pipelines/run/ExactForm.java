package io.salespipelines.pipelines.run;

import io.salespipelines.schemas.ValueLimits;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;

/**
 * What a job's usual form leaves for its exact form ({@link RunContext#exact()}, see {@link
 * BatchJob#runAgain}): the grand total its overflow check starts from, and tables that can still
 * be written while a total is past DECIMAL(18,2).
 */
public final class ExactForm {
  private ExactForm() {}

  /** Where the usual form leaves the grand total of amounts (a text file in the run's staging). */
  public static String grandTotalFile(Staging staging) {
    return staging.root() + "/_counts/grand_total.txt";
  }

  public static BigDecimal readGrandTotal(Staging staging) throws IOException {
    return new BigDecimal(StateFiles.readText(grandTotalFile(staging)).trim());
  }

  /**
   * Without the overflow check, a total past DECIMAL(18,2) cannot be written and would fail the
   * pipeline before the job sees that it must run again (its grand total is past the limit too):
   * such rows are left out of a run that is thrown away. With the check, every row is kept. A null
   * amount (a column that may be empty) fits.
   */
  public static <T> PTransform<PCollection<T>, PCollection<T>> fitting(
      boolean exact, SerializableFunction<T, List<BigDecimal>> amounts) {
    return Filter.by(row -> exact
        || amounts.apply(row).stream().allMatch(a -> a == null || a.abs().compareTo(ValueLimits.MAX_MONEY) <= 0));
  }
}
