package io.salespipelines.pipelines.generate;

import io.salespipelines.pipelines.UsageException;
import io.salespipelines.pipelines.s3.S3Preflight;
import java.io.IOException;
import java.io.PrintStream;
import org.apache.beam.sdk.io.FileSystems;

/** Runs the generator from the command line. */
public final class GenerateJob {
  private GenerateJob() {}

  public static GenerateSummary run(GenerateCliOptions cli, PrintStream out) throws IOException {
    if (cli.getRows() < 0) {
      throw new UsageException("--rows must not be negative");
    }
    if (cli.getBadRate() < 0 || cli.getBadRate() > 1) {
      throw new UsageException("--badRate must be between 0 and 1");
    }
    S3Preflight.configure(cli, cli.getOutput());
    FileSystems.setDefaultPipelineOptions(cli);
    if (S3Preflight.isS3(cli.getOutput())) {
      try (S3Preflight s3 = S3Preflight.start(cli)) {
        s3.requireWritable("--output", cli.getOutput());
      }
    }
    GenerateOptions options = new GenerateOptions();
    options.output = cli.getOutput();
    options.rows = cli.getRows();
    options.seed = cli.getSeed();
    options.badRate = cli.getBadRate();
    options.files = cli.getFiles();
    options.stores = cli.getStores();
    options.customers = cli.getCustomers();
    GenerateSummary summary = SalesDataGenerator.generate(options);
    out.println(
        "generate: wrote " + summary.dataRows + " rows (" + summary.goodRows + " good) in "
            + summary.files + " files under " + cli.getOutput());
    return summary;
  }
}
