package io.salespipelines.transforms.cdc;

import java.io.Serializable;
import org.apache.beam.sdk.io.aws2.common.ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.common.ClientConfiguration;
import org.apache.beam.sdk.io.aws2.options.AwsOptions;
import org.checkerframework.checker.nullness.qual.Nullable;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;

/**
 * Beam's client builder factory ({@code --clientBuilderFactory}), which first switches the AWS
 * SDK's Kinesis clients in this JVM from CBOR to JSON when an endpoint override is given.
 *
 * <p>Why: the SDK v2 Kinesis client speaks CBOR by default and then expects timestamps as integer
 * epoch milliseconds; Kinesis-compatible servers such as kinesalite answer with fractional epoch
 * seconds, and every call that returns a timestamp (DescribeStreamSummary, GetRecords) fails with
 * "Unable to parse date". AWS's own Kinesis speaks both, so JSON is safe wherever an endpoint is
 * overridden. The SDK has no per-client switch, only the JVM-wide {@code aws.cborEnabled} system
 * property (or the {@code CBOR_ENABLED} environment variable), read on each call; being the
 * factory Beam calls wherever it builds a client (on the driver and on every worker), this class
 * sets it in every JVM that talks to Kinesis. A value the user set is left alone.
 */
public class JsonKinesisClientBuilderFactory implements ClientBuilderFactory, Serializable {
  static final String CBOR_PROPERTY = "aws.cborEnabled";
  static final String CBOR_ENV = "CBOR_ENABLED";

  /**
   * Makes Beam build its AWS clients through this factory, unless the options name another one
   * than Beam's default; then switches this JVM to JSON if the options override the endpoint.
   */
  public static void configure(AwsOptions options) {
    if (ClientBuilderFactory.DefaultClientBuilder.class.equals(options.getClientBuilderFactory())) {
      options.setClientBuilderFactory(JsonKinesisClientBuilderFactory.class);
    }
    useJsonIfEndpointOverridden(null, options);
  }

  @Override
  public <BuilderT extends AwsClientBuilder<BuilderT, ClientT>, ClientT> BuilderT create(
      BuilderT builder, ClientConfiguration config, @Nullable AwsOptions defaults) {
    useJsonIfEndpointOverridden(config, defaults);
    return ClientBuilderFactory.defaultFactory().create(builder, config, defaults);
  }

  @Override
  public void checkConfiguration(ClientConfiguration config, @Nullable AwsOptions defaults) {
    ClientBuilderFactory.defaultFactory().checkConfiguration(config, defaults);
  }

  static void useJsonIfEndpointOverridden(
      @Nullable ClientConfiguration config, @Nullable AwsOptions options) {
    boolean overridden =
        (config != null && config.endpoint() != null)
            || (options != null && options.getEndpoint() != null);
    if (overridden && System.getProperty(CBOR_PROPERTY) == null && System.getenv(CBOR_ENV) == null) {
      System.setProperty(CBOR_PROPERTY, "false");
    }
  }
}
