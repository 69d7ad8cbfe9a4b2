package io.salespipelines.pipelines.kinesis;

import io.salespipelines.pipelines.UsageException;
import io.salespipelines.transforms.cdc.JsonKinesisClientBuilderFactory;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import org.apache.beam.sdk.io.aws2.common.ClientConfiguration;
import org.apache.beam.sdk.io.aws2.options.AwsOptions;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Checks a Kinesis stream before a job reads or writes it, and turns what the AWS SDK throws
 * (no region, no credentials, rejected credentials, an endpoint nobody answers at, a stream that
 * does not exist or is not ACTIVE) into one line for the user; never a secret. The client is built
 * as Beam builds its own, from the job's {@code --awsRegion}, {@code --endpoint} and {@code
 * --awsCredentialsProvider}.
 */
public final class KinesisPreflight {
  /** Error codes Kinesis answers with when the access key, the signature or the token is wrong. */
  private static final Set<String> CREDENTIAL_CODES =
      Set.of(
          "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignatureException",
          "MissingAuthenticationTokenException", "ExpiredTokenException", "InvalidClientTokenId");

  static final String NO_REGION =
      "no AWS region for Kinesis: set --awsRegion (e.g. --awsRegion=us-east-1), the AWS_REGION"
          + " environment variable or a region in the AWS profile";

  private KinesisPreflight() {}

  /**
   * A Kinesis client for the job's options (JSON protocol when {@code --endpoint} is given, see
   * {@link JsonKinesisClientBuilderFactory}); region and credentials are checked first.
   */
  public static KinesisClient client(AwsOptions options) {
    if (options.getAwsRegion() == null) {
      throw new UsageException(NO_REGION);
    }
    try {
      options.getAwsCredentialsProvider().resolveCredentials();
    } catch (SdkException e) {
      throw new UsageException(
          "no AWS credentials for Kinesis (" + firstLine(e.getMessage()) + "): set"
              + " --awsCredentialsProvider, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an AWS"
              + " profile");
    }
    return new JsonKinesisClientBuilderFactory()
        .create(KinesisClient.builder(), ClientConfiguration.builder().build(), options)
        .build();
  }

  /**
   * The stream must exist and be ACTIVE (or UPDATING, which still takes reads and writes);
   * returns its description. {@code option} names where the stream came from, e.g. {@code
   * --stream}.
   */
  public static StreamDescriptionSummary requireStream(
      KinesisClient client, AwsOptions options, String option, String stream) {
    StreamDescriptionSummary summary;
    try {
      summary =
          client
              .describeStreamSummary(DescribeStreamSummaryRequest.builder().streamName(stream).build())
              .streamDescriptionSummary();
    } catch (SdkException e) {
      throw explain(options, option, stream, e);
    }
    StreamStatus status = summary.streamStatus();
    if (status != StreamStatus.ACTIVE && status != StreamStatus.UPDATING) {
      throw new UsageException(
          option + ": Kinesis stream '" + stream + "' is " + summary.streamStatusAsString()
              + ", not ACTIVE");
    }
    return summary;
  }

  /** One line for the user about what went wrong with {@code stream}; never a secret. */
  public static UsageException explain(
      AwsOptions options, String option, String stream, SdkException e) {
    String where = where(options);
    if (e instanceof ResourceNotFoundException) {
      return new UsageException(
          option + ": Kinesis stream '" + stream + "' does not exist (" + where + "); create it"
              + " first, e.g. aws kinesis create-stream --stream-name " + stream + " --shard-count 2");
    }
    if (e instanceof AwsServiceException) {
      AwsServiceException s = (AwsServiceException) e;
      String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
      String message = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorMessage();
      String detail =
          (code != null ? code : "HTTP " + s.statusCode())
              + (message != null && !message.isBlank() ? ": " + firstLine(message) : "");
      if (code != null && CREDENTIAL_CODES.contains(code)) {
        return new UsageException(
            option + ": Kinesis rejected the AWS credentials (" + detail + "); check"
                + " --awsCredentialsProvider or the default credential chain");
      }
      if (s.statusCode() == 403 || "AccessDeniedException".equals(code)) {
        return new UsageException(
            option + ": access denied to Kinesis stream '" + stream + "' (" + detail + ")");
      }
      return new UsageException(
          option + ": Kinesis refused a call on stream '" + stream + "' (" + detail + ", HTTP "
              + s.statusCode() + ", " + where + ")");
    }
    UnknownHostException unknownHost = cause(e, UnknownHostException.class);
    if (unknownHost != null) {
      return new UsageException(
          "cannot reach the Kinesis endpoint " + endpoint(options) + ": unknown host "
              + unknownHost.getMessage() + " (check --endpoint and --awsRegion)");
    }
    if (cause(e, ConnectException.class) != null
        || cause(e, SocketTimeoutException.class) != null
        || cause(e, javax.net.ssl.SSLException.class) != null
        || cause(e, java.io.IOException.class) != null) {
      return new UsageException(
          "cannot reach the Kinesis endpoint " + endpoint(options) + ": " + rootMessage(e)
              + " (check --endpoint)");
    }
    return new UsageException(
        option + ": cannot use Kinesis stream '" + stream + "': " + firstLine(e.getMessage()));
  }

  private static String where(AwsOptions options) {
    return "region " + options.getAwsRegion()
        + (options.getEndpoint() != null ? ", endpoint " + options.getEndpoint() : "");
  }

  private static String endpoint(AwsOptions options) {
    return options.getEndpoint() != null
        ? options.getEndpoint().toString()
        : "of AWS Kinesis in " + options.getAwsRegion();
  }

  private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    String message = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    return firstLine(message == null ? e.getClass().getSimpleName() : message);
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("").trim();
  }
}
