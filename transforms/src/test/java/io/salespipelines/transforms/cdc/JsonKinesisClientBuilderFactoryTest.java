package io.salespipelines.transforms.cdc;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.beam.sdk.io.aws2.common.ClientConfiguration;
import org.apache.beam.sdk.io.aws2.options.AwsOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.util.common.ReflectHelpers;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The switch to the SDK's JSON protocol travels with the pipeline options to wherever Beam builds
 * a Kinesis client (a Spark executor in another JVM reads the options, not this JVM's system
 * properties), and is made there only for an overridden endpoint.
 */
public class JsonKinesisClientBuilderFactoryTest {
  @Rule
  public final transient TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);

  private String previous;

  @Before
  public void freshJvm() {
    previous = System.clearProperty(JsonKinesisClientBuilderFactory.CBOR_PROPERTY);
  }

  @After
  public void restore() {
    if (previous == null) {
      System.clearProperty(JsonKinesisClientBuilderFactory.CBOR_PROPERTY);
    } else {
      System.setProperty(JsonKinesisClientBuilderFactory.CBOR_PROPERTY, previous);
    }
  }

  @Test
  public void readKinesisRecordsPutsTheFactoryIntoThePipelineOptionsThatWorkersGet()
      throws Exception {
    AwsOptions options = p.getOptions().as(AwsOptions.class);
    options.setEndpoint(java.net.URI.create("http://127.0.0.1:4567"));
    options.setAwsRegion(software.amazon.awssdk.regions.Region.US_EAST_1);
    options.setAwsCredentialsProvider(
        StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret")));
    p.apply(ReadKinesisRecords.fromStream("s").withInitialPosition("TRIM_HORIZON"));

    // As runners ship options to workers (Beam's SerializablePipelineOptions): JSON.
    ObjectMapper mapper =
        new ObjectMapper().registerModules(ObjectMapper.findModules(ReflectHelpers.findClassLoader()));
    AwsOptions onAWorker =
        mapper
            .readValue(mapper.writeValueAsString(p.getOptions()), PipelineOptions.class)
            .as(AwsOptions.class);
    assertThat(
        onAWorker.getClientBuilderFactory(), equalTo((Object) JsonKinesisClientBuilderFactory.class));
  }

  @Test
  public void buildingAClientForAnOverriddenEndpointSwitchesTheJvmToJson() {
    AwsOptions aws = PipelineOptionsFactory.fromArgs("--awsRegion=us-east-1").as(AwsOptions.class);
    aws.setAwsCredentialsProvider(AnonymousCredentialsProvider.create());
    build(aws);
    assertThat("AWS itself: CBOR stays", System.getProperty("aws.cborEnabled"), nullValue());

    aws.setEndpoint(java.net.URI.create("http://127.0.0.1:4567"));
    build(aws);
    assertThat(System.getProperty("aws.cborEnabled"), equalTo("false"));
  }

  @Test
  public void aValueTheUserSetIsLeftAlone() {
    System.setProperty("aws.cborEnabled", "true");
    AwsOptions aws =
        PipelineOptionsFactory.fromArgs("--awsRegion=us-east-1", "--endpoint=http://127.0.0.1:4567")
            .as(AwsOptions.class);
    aws.setAwsCredentialsProvider(AnonymousCredentialsProvider.create());
    build(aws);
    assertThat(System.getProperty("aws.cborEnabled"), equalTo("true"));
  }

  @Test
  public void aFactoryTheUserNamedIsKept() {
    AwsOptions aws = PipelineOptionsFactory.create().as(AwsOptions.class);
    aws.setClientBuilderFactory(OwnFactory.class);
    JsonKinesisClientBuilderFactory.configure(aws);
    assertThat(aws.getClientBuilderFactory(), equalTo((Object) OwnFactory.class));
  }

  private static void build(AwsOptions aws) {
    try (KinesisClient client =
        new JsonKinesisClientBuilderFactory()
            .create(KinesisClient.builder(), ClientConfiguration.builder().build(), aws)
            .build()) {
      // Building is enough: the protocol is chosen per call from the system property.
    }
  }

  /** Stands for a user's own --clientBuilderFactory. */
  public static class OwnFactory extends JsonKinesisClientBuilderFactory {}
}
