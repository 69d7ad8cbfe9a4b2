package io.salespipelines.transforms.common;

import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class DistinctInBucketsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void eachElementOnceAndSmallCollectionsGatheredWhole() {
    PCollection<String> words = p.apply(Create.of("a", "b", "a", "c", "b", "a", "d"));
    PAssert.that(words.apply("Distinct", new DistinctInBuckets<>(2))).containsInAnyOrder("a", "b", "c", "d");
    PAssert.that(words.apply("DistinctOneKeyEach", new DistinctInBuckets<>(0)))
        .containsInAnyOrder("a", "b", "c", "d");
    PAssert.that(words.apply("Gather", new GatherAll<>()))
        .satisfies(all -> {
          List<String> seen = new java.util.ArrayList<>();
          all.forEach(iterable -> iterable.forEach(seen::add));
          if (seen.size() != 7) {
            throw new AssertionError("one iterable of all 7 elements expected: " + seen);
          }
          return null;
        });
    p.run();
  }
}
