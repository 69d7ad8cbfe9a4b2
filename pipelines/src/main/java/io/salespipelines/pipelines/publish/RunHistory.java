package io.salespipelines.pipelines.publish;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.io.fs.MatchResult;

/** The run records ({@code _runs/*.json}) of an output: the latest runs, oldest first. */
public final class RunHistory {
  /** Runs a report shows at most: a daily job keeps its records for years. */
  static final int MAX_RUNS = 30;

  private final List<JsonNode> runs;
  private final int older;

  RunHistory(List<JsonNode> runs, int older) {
    this.runs = runs;
    this.older = older;
  }

  static RunHistory read(String output) throws IOException {
    List<MatchResult.Metadata> files = OutputFiles.list(OutputFiles.withSlash(output) + "_runs/*.json");
    files.sort(Comparator.comparingLong(MatchResult.Metadata::lastModifiedMillis)
        .thenComparing(m -> m.resourceId().getFilename()));
    int skip = Math.max(0, files.size() - MAX_RUNS);
    List<JsonNode> runs = new ArrayList<>();
    for (MatchResult.Metadata m : files.subList(skip, files.size())) {
      runs.add(Charts.JSON.readTree(OutputFiles.readText(m.resourceId().toString())));
    }
    runs.sort(Comparator.comparing(r -> r.path("started_at").asText()));
    return new RunHistory(runs, skip);
  }

  /** The latest runs, oldest first. */
  public List<JsonNode> runs() {
    return runs;
  }

  /** Runs older than those, not shown. */
  public int older() {
    return older;
  }
}
