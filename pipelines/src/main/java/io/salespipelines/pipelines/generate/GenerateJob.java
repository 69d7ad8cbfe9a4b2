package io.salespipelines.pipelines.generate;

import io.salespipelines.pipelines.Job;
import io.salespipelines.pipelines.UsageException;
import io.salespipelines.pipelines.s3.S3Preflight;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;

/** {@code generate}: synthetic inputs for the jobs (SPEC 4), chosen by {@code --dataset}. */
public final class GenerateJob implements Job<GenerateCliOptions> {
  @Override
  public String name() {
    return "generate";
  }

  @Override
  public Class<GenerateCliOptions> optionsType() {
    return GenerateCliOptions.class;
  }

  @Override
  public boolean runsPipeline() {
    return false;
  }

  @Override
  public String run(GenerateCliOptions cli, List<String> args, PrintStream out) throws IOException {
    io.salespipelines.pipelines.run.Locations.requireGiven("--output", cli.getOutput());
    if (cli.getRows() < 0) {
      throw new UsageException("--rows must not be negative");
    }
    // NaN fails every comparison: it passed a check written as "< 0 || > 1".
    if (!(cli.getBadRate() >= 0 && cli.getBadRate() <= 1)) {
      throw new UsageException("--badRate must be between 0 and 1");
    }
    if (cli.getFiles() < 0 || cli.getStores() <= 0 || cli.getCustomers() <= 0) {
      throw new UsageException("--files must be at least 0, --stores and --customers at least 1");
    }
    S3Preflight.configure(cli, cli.getOutput());
    FileSystems.setDefaultPipelineOptions(cli);
    if (S3Preflight.isS3(cli.getOutput())) {
      try (S3Preflight s3 = S3Preflight.start(cli)) {
        s3.requireWritable("--output", cli.getOutput());
      }
    }
    switch (cli.getDataset()) {
      case "sales":
        return generateSales(cli);
      case "orders":
        return generateOrders(cli);
      case "cdc":
        if (cli.getStream() != null) {
          try (software.amazon.awssdk.services.kinesis.KinesisClient client =
              io.salespipelines.pipelines.kinesis.KinesisPreflight.client(cli)) {
            io.salespipelines.pipelines.kinesis.KinesisPreflight.requireStream(client, cli, "--stream", cli.getStream());
          }
          try (KinesisPutter putter = KinesisPutter.open(cli, cli.getStream())) {
            return CdcDataGenerator.generate(
                cli.getOutput(), cli.getRows(), cli.getSeed(), cli.getBadRate(), cli.getFiles(), putter);
          }
        }
        return CdcDataGenerator.generate(
            cli.getOutput(), cli.getRows(), cli.getSeed(), cli.getBadRate(), cli.getFiles(), null);
      default:
        throw new UsageException(
            "--dataset must be sales, orders or cdc: " + cli.getDataset());
    }
  }

  /** {@code --files} is the number of monthly files (0: 12); {@code --stores}, {@code --customers} are sales-only. */
  private static String generateOrders(GenerateCliOptions cli) throws IOException {
    OrdersGenerateOptions options = new OrdersGenerateOptions();
    options.output = cli.getOutput();
    options.rows = cli.getRows();
    options.seed = cli.getSeed();
    options.badRate = cli.getBadRate();
    options.months = cli.getFiles();
    OrdersSummary summary = OrdersDataGenerator.generate(options);
    return "generate: wrote " + summary.orders + " orders (" + summary.goodOrders + " good, "
        + summary.goodItems + " items) in " + summary.dataFiles.size() + " monthly files under "
        + cli.getOutput() + "/landing";
  }

  private static String generateSales(GenerateCliOptions cli) throws IOException {
    GenerateOptions options = new GenerateOptions();
    options.output = cli.getOutput();
    options.rows = cli.getRows();
    options.seed = cli.getSeed();
    options.badRate = cli.getBadRate();
    options.files = cli.getFiles();
    options.stores = cli.getStores();
    options.customers = cli.getCustomers();
    GenerateSummary summary = SalesDataGenerator.generate(options);
    return "generate: wrote " + summary.dataRows + " rows (" + summary.goodRows + " good) in "
        + summary.files + " files under " + cli.getOutput();
  }
}
