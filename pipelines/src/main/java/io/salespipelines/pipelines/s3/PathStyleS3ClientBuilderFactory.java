package io.salespipelines.pipelines.s3;

import org.apache.beam.sdk.io.aws2.options.S3ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Beam's S3 client, configured from the options as usual (region, endpoint, credentials, HTTP
 * settings), with path-style addressing. Beam's S3Options have no switch for it; {@code
 * --s3PathStyleAccess=true} makes the jobs set this class as {@code --s3ClientFactoryClass}.
 */
public class PathStyleS3ClientBuilderFactory implements S3ClientBuilderFactory {
  @Override
  public S3ClientBuilder createBuilder(S3Options options) {
    return new DefaultS3ClientBuilderFactory().createBuilder(options).forcePathStyle(true);
  }
}
