package io.salespipelines.pipelines.s3;

import io.salespipelines.pipelines.UsageException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.aws2.options.S3ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import org.apache.beam.sdk.util.InstanceBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Sets up the S3 options of a job and checks its {@code s3://} locations before anything is
 * written, turning what the AWS SDK throws (missing bucket, denied access, rejected or missing
 * credentials, no region, an endpoint nobody answers at) into one line for the user. The checks use
 * an S3 client built exactly as Beam's S3 file system builds its own.
 */
public final class S3Preflight implements AutoCloseable {
  /** Error codes S3 answers with when the access key or the signature (the secret) is wrong. */
  private static final Set<String> CREDENTIAL_CODES =
      Set.of(
          "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken",
          "TokenRefreshRequired", "InvalidSecurity", "InvalidClientTokenId");
  private static final Set<String> REGION_CODES =
      Set.of("PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException");
  private static final Pattern OTHER_S3_SCHEME = Pattern.compile("(?i)^s3[an]://.*");

  static final String NO_REGION =
      "no AWS region for the s3:// locations: set --awsRegion (e.g. --awsRegion=us-east-1), the"
          + " AWS_REGION environment variable or a region in the AWS profile";
  static final String NO_CREDENTIALS =
      "no AWS credentials found (looked in system properties, environment, web identity, profile,"
          + " container and instance role): set --awsCredentialsProvider, AWS_ACCESS_KEY_ID and"
          + " AWS_SECRET_ACCESS_KEY, or an AWS profile";

  private final S3JobOptions options;
  private S3Client client;

  private S3Preflight(S3JobOptions options) {
    this.options = options;
  }

  public static boolean isS3(String location) {
    return location != null && location.regionMatches(true, 0, "s3://", 0, 5);
  }

  /**
   * Prepares the options before {@code FileSystems.setDefaultPipelineOptions}: {@code
   * --s3PathStyleAccess=true} selects the path-style client factory (unless a custom factory was
   * given), and a job with no {@code s3://} location skips the SDK's region lookup, which Beam's S3
   * file system otherwise does on registration (it may ask the EC2 metadata service).
   */
  public static void configure(S3JobOptions options, String... locations) {
    for (String location : locations) {
      if (location != null && OTHER_S3_SCHEME.matcher(location).matches()) {
        throw new UsageException(
            location.substring(0, location.indexOf(':')) + ":// is a Hadoop scheme; write s3:// instead: "
                + location);
      }
    }
    if (options.getS3PathStyleAccess()
        && DefaultS3ClientBuilderFactory.class.equals(options.getS3ClientFactoryClass())) {
      options.setS3ClientFactoryClass(PathStyleS3ClientBuilderFactory.class);
    }
    if (java.util.Arrays.stream(locations).noneMatch(S3Preflight::isS3)) {
      // Never used to reach S3: only keeps Beam's S3 file system from resolving a region at start.
      options.setAwsRegion(Region.US_EAST_1);
    }
  }

  /** Checks on the S3 locations of one run; call only when some location is {@code s3://}. */
  public static S3Preflight start(S3JobOptions options) {
    return new S3Preflight(options);
  }

  /** The prefix must exist (hold at least one object) and be listable. */
  public void requirePrefix(String option, String location) {
    Location l = Location.parse(location, true);
    ListObjectsV2Response listing = list(option, l);
    if (listing.keyCount() == null || listing.keyCount() == 0) {
      throw new UsageException(option + ": nothing found under " + location + " (no such prefix)");
    }
  }

  /** The object must exist and be readable; a missing one is reported as {@code <location>: <missing>}. */
  public void requireObject(String option, String location, String missing) {
    Location l = Location.parse(location, false);
    try {
      client().headObject(HeadObjectRequest.builder().bucket(l.bucket).key(l.key).build());
    } catch (AwsServiceException e) {
      if (e.statusCode() == 404 && !isNoSuchBucket(e)) {
        throw new UsageException(location + ": " + missing);
      }
      throw explain(option, location, e);
    } catch (SdkException e) {
      throw explain(option, location, e);
    }
  }

  /**
   * The bucket must exist and take a write: a small probe object (a name starting with '.', which
   * readers skip) is put under the prefix and deleted again.
   */
  public void requireWritable(String option, String location) {
    Location l = Location.parse(location, true);
    list(option, l);
    String probe = l.key + ".s3-preflight-" + UUID.randomUUID();
    try {
      client().putObject(
          PutObjectRequest.builder().bucket(l.bucket).key(probe).build(), RequestBody.empty());
      client().deleteObject(DeleteObjectRequest.builder().bucket(l.bucket).key(probe).build());
    } catch (SdkException e) {
      throw explain(option, location, e);
    }
  }

  private ListObjectsV2Response list(String option, Location l) {
    try {
      return client()
          .listObjectsV2(ListObjectsV2Request.builder().bucket(l.bucket).prefix(l.key).maxKeys(1).build());
    } catch (SdkException e) {
      throw explain(option, l.uri, e);
    }
  }

  private S3Client client() {
    if (client == null) {
      if (options.getAwsRegion() == null) {
        throw new UsageException(NO_REGION);
      }
      try {
        S3ClientBuilderFactory factory =
            InstanceBuilder.ofType(S3ClientBuilderFactory.class)
                .fromClass(options.getS3ClientFactoryClass())
                .build();
        client = factory.createBuilder(options).build();
      } catch (SdkException e) {
        throw explain("S3", "the S3 client", e);
      }
    }
    return client;
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }

  /** One line for the user about what went wrong reaching {@code location}; never a secret. */
  UsageException explain(String option, String location, SdkException e) {
    if (e instanceof AwsServiceException) {
      AwsServiceException s = (AwsServiceException) e;
      String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
      String message = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorMessage();
      String detail =
          (code != null ? code : "HTTP " + s.statusCode())
              + (message != null && !message.isBlank() ? ": " + message.trim() : "");
      if (isNoSuchBucket(s)) {
        return new UsageException(
            option + ": bucket '" + Location.parse(location, true).bucket + "' does not exist ("
                + location + ")");
      }
      if (code != null && CREDENTIAL_CODES.contains(code)) {
        return new UsageException(
            option + ": S3 rejected the AWS credentials (" + detail + "); check"
                + " --awsCredentialsProvider or the default credential chain");
      }
      if (s.statusCode() == 403) {
        return new UsageException(option + ": access denied to " + location + " (" + detail + ")");
      }
      if (s.statusCode() == 301 || (code != null && REGION_CODES.contains(code))) {
        return new UsageException(
            option + ": the bucket of " + location + " is not in region " + options.getAwsRegion()
                + "; set --awsRegion to the bucket's region (" + detail + ")");
      }
      return new UsageException(
          option + ": S3 refused " + location + " (" + detail + ", HTTP " + s.statusCode() + ")");
    }
    String text = e.getMessage() == null ? "" : e.getMessage();
    if (text.startsWith("Unable to load credentials")) {
      return new UsageException(NO_CREDENTIALS);
    }
    if (text.contains("Unable to load region")) {
      return new UsageException(NO_REGION);
    }
    UnknownHostException unknownHost = cause(e, UnknownHostException.class);
    if (unknownHost != null) {
      String hint =
          options.getEndpoint() != null && !options.getS3PathStyleAccess()
              ? " (a store without per-bucket host names needs --s3PathStyleAccess=true)"
              : "";
      return new UsageException(
          "cannot reach the S3 endpoint " + endpoint() + ": unknown host " + unknownHost.getMessage()
              + hint);
    }
    if (cause(e, ConnectException.class) != null
        || cause(e, SocketTimeoutException.class) != null
        || cause(e, javax.net.ssl.SSLException.class) != null
        || cause(e, java.io.IOException.class) != null) {
      return new UsageException(
          "cannot reach the S3 endpoint " + endpoint() + ": " + rootMessage(e) + " (check --endpoint)");
    }
    return new UsageException(option + ": cannot access " + location + ": " + firstLine(text));
  }

  private String endpoint() {
    URI endpoint = options.getEndpoint();
    return endpoint != null ? endpoint.toString() : "of AWS S3 in " + options.getAwsRegion();
  }

  private static boolean isNoSuchBucket(SdkException e) {
    if (e instanceof NoSuchBucketException) {
      return true;
    }
    return e instanceof AwsServiceException
        && ((AwsServiceException) e).awsErrorDetails() != null
        && "NoSuchBucket".equals(((AwsServiceException) e).awsErrorDetails().errorCode());
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
    return text.lines().findFirst().orElse("").trim();
  }

  /** {@code s3://bucket/key}; a folder's key ends with '/' (or is empty for the bucket's root). */
  static final class Location {
    final String uri;
    final String bucket;
    final String key;

    private Location(String uri, String bucket, String key) {
      this.uri = uri;
      this.bucket = bucket;
      this.key = key;
    }

    static Location parse(String uri, boolean folder) {
      String rest = uri.substring("s3://".length());
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String key = slash < 0 ? "" : rest.substring(slash + 1);
      if (bucket.isEmpty()) {
        throw new UsageException("no bucket in " + uri);
      }
      if (folder && !key.isEmpty() && !key.endsWith("/")) {
        key = key + "/";
      }
      return new Location(uri, bucket, key);
    }
  }
}
