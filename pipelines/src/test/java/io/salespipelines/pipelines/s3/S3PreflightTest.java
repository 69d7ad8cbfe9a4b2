package io.salespipelines.pipelines.s3;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.net.ConnectException;
import java.net.UnknownHostException;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** How AWS SDK errors read to the user; the cases s3proxy cannot produce (S3EndToEndTest has the rest). */
public class S3PreflightTest {
  private static S3JobOptions options(String... args) {
    S3JobOptions options = PipelineOptionsFactory.fromArgs(args).as(S3JobOptions.class);
    options.setAwsRegion(Region.EU_WEST_1);
    return options;
  }

  private static S3Exception s3(int status, String code, String message) {
    return (S3Exception)
        S3Exception.builder()
            .statusCode(status)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
            .build();
  }

  private static String explain(S3JobOptions options, Exception e) {
    return S3Preflight.start(options)
        .explain("--output", "s3://b/out", (software.amazon.awssdk.core.exception.SdkException) e)
        .getMessage();
  }

  @Test
  public void accessDenied() {
    assertThat(
        explain(options(), s3(403, "AccessDenied", "Access Denied")),
        equalTo("--output: access denied to s3://b/out (AccessDenied: Access Denied)"));
  }

  @Test
  public void bucketInAnotherRegion() {
    assertThat(
        explain(options(), s3(301, "PermanentRedirect", "The bucket you are attempting to access must be"
            + " addressed using the specified endpoint.")),
        equalTo("--output: the bucket of s3://b/out is not in region eu-west-1; set --awsRegion to the"
            + " bucket's region (PermanentRedirect: The bucket you are attempting to access must be"
            + " addressed using the specified endpoint.)"));
  }

  @Test
  public void expiredSessionToken() {
    assertThat(
        explain(options(), s3(400, "ExpiredToken", "The provided token has expired.")),
        equalTo("--output: S3 rejected the AWS credentials (ExpiredToken: The provided token has"
            + " expired.); check --awsCredentialsProvider or the default credential chain"));
  }

  @Test
  public void timeoutOnAwsItself() {
    SdkClientException e =
        SdkClientException.create(
            "Unable to execute HTTP request: Connect to s3.eu-west-1.amazonaws.com:443 failed",
            new ConnectException("Connect timed out"));
    assertThat(
        explain(options(), e),
        equalTo("cannot reach the S3 endpoint of AWS S3 in eu-west-1: Connect timed out (check --endpoint)"));
  }

  @Test
  public void unknownHostHintsAtPathStyleOnlyForCustomEndpoints() {
    SdkClientException e =
        SdkClientException.create("Unable to execute HTTP request: b.minio", new UnknownHostException("b.minio"));
    assertThat(
        explain(options("--endpoint=http://minio:9000"), e),
        equalTo("cannot reach the S3 endpoint http://minio:9000: unknown host b.minio (a store without"
            + " per-bucket host names needs --s3PathStyleAccess=true)"));
  }

  @Test
  public void pathStyleSelectsItsFactoryUnlessAnotherWasGiven() {
    S3JobOptions pathStyle = options("--s3PathStyleAccess=true");
    S3Preflight.configure(pathStyle, "s3://b/in");
    assertThat(pathStyle.getS3ClientFactoryClass(), equalTo(PathStyleS3ClientBuilderFactory.class));
    assertThat(
        new PathStyleS3ClientBuilderFactory().createBuilder(pathStyle).build().serviceName(), equalTo("s3"));

    S3JobOptions plain = options();
    S3Preflight.configure(plain, "s3://b/in");
    assertThat(plain.getS3ClientFactoryClass(), equalTo(DefaultS3ClientBuilderFactory.class));
  }

  @Test
  public void localRunsNeedNoRegionLookup() {
    S3JobOptions local = PipelineOptionsFactory.fromArgs().as(S3JobOptions.class);
    S3Preflight.configure(local, "/data/in", null, "/data/out");
    assertThat(local.getAwsRegion(), equalTo(Region.US_EAST_1));
    assertThat(S3Preflight.isS3("S3://b/x"), is(true));
    assertThat(S3Preflight.isS3(null), is(false));
    assertThat(S3Preflight.isS3("/s3://x"), is(false));
    assertThat(local.getEndpoint(), nullValue());
  }
}
