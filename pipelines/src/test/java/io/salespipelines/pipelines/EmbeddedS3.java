package io.salespipelines.pipelines;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3-compatible server for a test: s3proxy embedded on 127.0.0.1 (a free port) with an
 * in-memory store and one bucket, set up as {@link S3EndToEndTest} does (PLATFORM.md: unknown
 * headers ignored), with an AWS SDK client for uploading inputs and reading outputs back, and the
 * options a job needs to reach it.
 */
public final class EmbeddedS3 implements AutoCloseable {
  private final BlobStoreContext blobStore;
  private final S3Proxy proxy;
  private final S3Client s3;
  private final String accessKey;
  private final String secretKey;
  public final String bucket;
  public final String endpoint;

  private EmbeddedS3(String accessKey, String secretKey, String bucket) throws Exception {
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.bucket = bucket;
    blobStore = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
        .build(BlobStoreContext.class);
    proxy = S3Proxy.builder()
        .blobStore(blobStore.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
        .ignoreUnknownHeaders(true)
        .build();
    proxy.start();
    for (int i = 0; i < 1000 && !"STARTED".equals(proxy.getState()); i++) {
      Thread.sleep(10);
    }
    endpoint = "http://127.0.0.1:" + proxy.getPort();
    s3 = S3Client.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .forcePathStyle(true)
        .build();
    s3.createBucket(b -> b.bucket(bucket));
  }

  /** Starts the server and creates the bucket. */
  public static EmbeddedS3 start(String accessKey, String secretKey, String bucket) throws Exception {
    return new EmbeddedS3(accessKey, secretKey, bucket);
  }

  /** {@code s3://bucket/key}. */
  public String uri(String key) {
    return "s3://" + bucket + "/" + key;
  }

  /** The job arguments plus region, endpoint, small upload buffers and the credentials. */
  public String[] jobArgs(String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.add("--awsRegion=us-east-1");
    all.add("--endpoint=" + endpoint);
    // 5 MiB multipart buffers (Beam's default is 64 MiB per open file).
    all.add("--s3UploadBufferSizeBytes=5242880");
    all.add("--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\"" + accessKey
        + "\",\"secretAccessKey\":\"" + secretKey + "\"}");
    return all.toArray(new String[0]);
  }

  public void upload(Path file, String key) {
    s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).build(), RequestBody.fromFile(file));
  }

  /** Every key under a prefix, sorted. */
  public List<String> keys(String prefix) {
    List<String> keys = new ArrayList<>();
    for (S3Object o : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
        .contents()) {
      keys.add(o.key());
    }
    Collections.sort(keys);
    return keys;
  }

  public byte[] object(String key) {
    return s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build(), ResponseTransformer.toBytes())
        .asByteArray();
  }

  /** Copies every object under {@code prefix} into {@code target}, keeping the keys' layout. */
  public Path download(String prefix, Path target) throws IOException {
    for (String key : keys(prefix)) {
      Path file = target.resolve(key.substring(prefix.length()));
      Files.createDirectories(file.getParent());
      Files.write(file, object(key));
    }
    return target;
  }

  @Override
  public void close() throws Exception {
    s3.close();
    proxy.stop();
    blobStore.close();
  }
}
