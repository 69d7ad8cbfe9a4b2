package io.salespipelines.pipelines.s3;

import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * S3 options of every job: Beam's own ({@code --awsRegion}, {@code --endpoint}, {@code
 * --awsCredentialsProvider}, ...) plus {@code --s3PathStyleAccess}. Without any of them the AWS
 * SDK's default credential and region chains apply, as on EMR.
 */
public interface S3JobOptions extends S3Options {
  @Description(
      "Address buckets as <endpoint>/<bucket>/<key> (path style) instead of <bucket>.<endpoint>:"
          + " needed by S3-compatible stores reached as localhost or by a name without per-bucket"
          + " DNS (MinIO, s3proxy, Ceph). Implemented by a client factory set as --s3ClientFactoryClass.")
  @Default.Boolean(false)
  boolean getS3PathStyleAccess();

  void setS3PathStyleAccess(boolean value);
}
