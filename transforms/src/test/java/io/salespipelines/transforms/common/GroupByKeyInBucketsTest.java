package io.salespipelines.transforms.common;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class GroupByKeyInBucketsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** Through 3 buckets (more keys than buckets) and through one shuffle key per key alike. */
  @Test
  public void everyKeyOnceWithAllItsValuesWhateverTheBuckets() {
    PCollection<KV<String, Integer>> input =
        p.apply(
            Create.of(KV.of("a", 1), KV.of("b", 2), KV.of("a", 3), KV.of("c", 4), KV.of("d", 5),
                    KV.of("e", 6), KV.of("a", 7), KV.of("d", 8))
                .withCoder(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of())));
    for (int buckets : new int[] {3, 0}) {
      PCollection<String> groups =
          input
              .apply("Group" + buckets, new GroupByKeyInBuckets<>(buckets))
              .apply("Describe" + buckets,
                  MapElements.into(TypeDescriptors.strings()).via(GroupByKeyInBucketsTest::describe));
      PAssert.that(groups).containsInAnyOrder("a=1,3,7", "b=2", "c=4", "d=5,8", "e=6");
    }
    p.run();
  }

  @Test(expected = IllegalArgumentException.class)
  public void negativeBucketsAreRefused() {
    new GroupByKeyInBuckets<String, Integer>(-1);
  }

  private static String describe(KV<String, Iterable<Integer>> group) {
    List<Integer> values = new ArrayList<>();
    group.getValue().forEach(values::add);
    values.sort(null);
    StringBuilder text = new StringBuilder(group.getKey()).append('=');
    for (int i = 0; i < values.size(); i++) {
      text.append(i == 0 ? "" : ",").append(values.get(i));
    }
    return text.toString();
  }
}
