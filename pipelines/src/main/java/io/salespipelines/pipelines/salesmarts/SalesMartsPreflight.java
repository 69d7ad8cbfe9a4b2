package io.salespipelines.pipelines.salesmarts;

import io.salespipelines.pipelines.s3.S3Preflight;
import io.salespipelines.transforms.dimensions.DimensionTable;
import io.salespipelines.transforms.dimensions.ReadDimensions;

/**
 * The S3 side of the sales-marts checks that run before anything is written: the landing prefix
 * and the dimension files can be read, and the output bucket takes a write. Local locations keep
 * their own checks in {@link SalesMartsJob}.
 */
final class SalesMartsPreflight {
  private SalesMartsPreflight() {}

  /** Before {@code FileSystems.setDefaultPipelineOptions}: path style, and no region lookup for local runs. */
  static void configure(SalesMartsOptions options) {
    S3Preflight.configure(options, options.getInput(), options.getDimensions(), options.getOutput());
  }

  static void check(SalesMartsOptions options, String dimensions) {
    boolean input = S3Preflight.isS3(options.getInput());
    boolean dims = S3Preflight.isS3(dimensions);
    boolean output = S3Preflight.isS3(options.getOutput());
    if (!input && !dims && !output) {
      return;
    }
    try (S3Preflight s3 = S3Preflight.start(options)) {
      if (input) {
        s3.requirePrefix("--input", options.getInput());
      }
      if (dims) {
        s3.requirePrefix("--dimensions", dimensions);
        for (DimensionTable<?> table : DimensionTable.ALL) {
          s3.requireObject(
              "--dimensions", ReadDimensions.path(dimensions, table), "the dimension file does not exist");
        }
      }
      if (output) {
        s3.requireWritable("--output", options.getOutput());
      }
    }
  }
}
