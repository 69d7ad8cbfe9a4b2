package io.salespipelines.transforms.dedup;

import io.salespipelines.schemas.DeadLetter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Three sources of 150 records each ({@code key|source|line}), keys repeated within and across
 * sources, some accepted by an earlier run: the records kept and the duplicates are those of the
 * first by (source, line), found by reading the sources again.
 */
@RunWith(JUnit4.class)
public class DeduplicateByRereadingTest {
  private static final List<String> SOURCES = List.of("/in/b.json", "/in/a.json", "/in/c.json");
  private static final Set<String> EARLIER = Set.of("k7", "k40", "k999");

  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** The records of one source, the same on every read. */
  static List<String> recordsOf(String source) {
    List<String> records = new ArrayList<>();
    int seed = source.charAt(4);
    for (int line = 1; line <= 150; line++) {
      records.add("k" + ((line * seed) % 200) + "|" + source + "|" + line);
    }
    return records;
  }

  static class ReadSources extends PTransform<PCollection<String>, PCollection<String>> {
    @Override
    public PCollection<String> expand(PCollection<String> sources) {
      return sources.apply(FlatMapElements.into(TypeDescriptors.strings()).via(DeduplicateByRereadingTest::recordsOf));
    }
  }

  static class Fields implements DeduplicateByKey.Origin<String> {
    @Override
    public String key(String r) {
      return r.split("\\|")[0];
    }

    @Override
    public String source(String r) {
      return r.split("\\|")[1];
    }

    @Override
    public long line(String r) {
      return Long.parseLong(r.split("\\|")[2]);
    }

    @Override
    public String raw(String r) {
      return r;
    }
  }

  @Test
  public void keepsWhatDeduplicateByKeyKeeps() {
    run(KeySketch.DEFAULT_LOG2_SLOTS);
  }

  /** With 16 slots nearly every key "may repeat": the exact path decides them all. */
  @Test
  public void keysTheSketchOnlySuspectedAreKept() {
    run(4);
  }

  private void run(int log2Slots) {
    List<String> all = new ArrayList<>();
    SOURCES.forEach(s -> all.addAll(recordsOf(s)));
    all.sort((x, y) -> {
      Fields f = new Fields();
      int bySource = f.source(x).compareTo(f.source(y));
      return bySource != 0 ? bySource : Long.compare(f.line(x), f.line(y));
    });
    Fields f = new Fields();
    Map<String, String> first = new HashMap<>();
    List<String> kept = new ArrayList<>();
    List<String> duplicates = new ArrayList<>();
    for (String r : all) {
      String key = f.key(r);
      if (EARLIER.contains(key)) {
        duplicates.add(f.source(r) + ":" + f.line(r) + "|key '" + key + "' was already accepted from an earlier run");
      } else if (first.containsKey(key)) {
        String keep = first.get(key);
        duplicates.add(f.source(r) + ":" + f.line(r) + "|key '" + key + "' was already accepted from "
            + f.source(keep) + " line " + f.line(keep));
      } else {
        first.put(key, r);
        kept.add(r);
      }
    }

    PCollection<String> sources = p.apply("Sources", Create.of(SOURCES).withCoder(StringUtf8Coder.of()));
    WithFailures.Result<PCollection<String>, DeadLetter> r =
        sources
            .apply("FirstRead", new ReadSources())
            .apply(new DeduplicateByRereading<>(
                "key", new Fields(), 3, p.apply("Earlier", Create.of(EARLIER)), sources, new ReadSources(), log2Slots));
    PAssert.that(r.output()).containsInAnyOrder(kept);
    PAssert.that(
            r.failures()
                .apply(MapElements.into(TypeDescriptors.strings())
                    .via(d -> d.getSource() + ":" + d.getLine() + "|" + d.getMessage())))
        .containsInAnyOrder(duplicates);
    p.run();
  }
}
