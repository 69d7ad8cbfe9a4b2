package io.salespipelines.pipelines.generate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.salespipelines.schemas.ErrorType;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * The {@code generate} job: deterministic synthetic inputs for {@code sales-marts} (SPEC 4). Rows
 * are streamed, so any {@code rows} runs in constant memory; everything random comes from the seed.
 */
public final class SalesDataGenerator {
  private static final long ROWS_PER_AUTO_FILE = 250_000;
  private static final int MIN_AUTO_FILES = 4;

  private SalesDataGenerator() {}

  /**
   * Writes {@code dimensions/}, {@code landing/} and {@code _generator.json} under {@code
   * o.output}; Beam's FileSystems must already be set up for its scheme.
   */
  public static GenerateSummary generate(GenerateOptions o) throws IOException {
    validate(o);
    LocalDate start = LocalDate.parse(o.startDate);
    SplittableRandom root = new SplittableRandom(o.seed);
    // Separate streams, so the dimensions stay the same when only the row count changes.
    SplittableRandom dimensionRandom = root.split();
    SplittableRandom rowRandom = root.split();
    Output out = new Output(o.output);

    Dimensions dims = new Dimensions(o, dimensionRandom);
    new DimensionFiles(dims, start, dimensionRandom, out).writeAll();

    GenerateSummary summary = new GenerateSummary();
    summary.seed = o.seed;
    for (ErrorType type : Defects.ROW_LEVEL) {
      summary.badRowsByType.put(type.code(), 0L);
    }
    if (o.rows > 0) {
      summary.files = o.files > 0 ? o.files : autoFiles(o.rows);
      SaleFactory sales = new SaleFactory(dims, rowRandom, start, o.days, o.rows);
      new LandingData(out, dims, sales, rowRandom, summary)
          .write(o.rows, Math.round(o.rows * o.badRate), summary.files);
      summary.fileEntries = new LandingExtras(out, start).write(summary.dataFiles);
      for (GenerateSummary.FileEntry entry : summary.fileEntries) {
        if (entry.errorType != null) {
          summary.fileDeadLetters.merge(entry.errorType, 1L, Long::sum);
        }
      }
    }
    writeSummary(out, summary);
    return summary;
  }

  private static int autoFiles(long rows) {
    return (int) Math.max(MIN_AUTO_FILES, (rows + ROWS_PER_AUTO_FILE - 1) / ROWS_PER_AUTO_FILE);
  }

  private static void validate(GenerateOptions o) {
    require(o.output != null && !o.output.isBlank(), "output is required");
    require(o.rows >= 0, "rows must be >= 0");
    require(o.badRate >= 0 && o.badRate <= 1, "badRate must be between 0 and 1");
    require(o.files >= 0, "files must be >= 0");
    require(o.stores > 0 && o.customers > 0 && o.products > 0 && o.salesPeople > 0,
        "stores, customers, products and salesPeople must be > 0");
    require(o.days > 0, "days must be > 0");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  private static void writeSummary(Output out, GenerateSummary summary) throws IOException {
    ObjectMapper mapper = new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
        .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    try (OutputStream stream = out.create("_generator.json")) {
      mapper.writeValue(stream, summary);
    }
  }
}
