package io.salespipelines.pipelines.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipelines.schemas.OutputTable;
import io.salespipelines.transforms.write.CompactParquetFiles;
import io.salespipelines.transforms.write.WriteTextFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the row-level tables from turning into heaps of small files. Each run adds a file to every
 * partition it touches (a day's file of sales spread over a year of months touches 240 partitions
 * of {@code sales_team_mart}: after a year, 87,600 files of about 40 rows, slow for any query engine
 * and for the catalog's listing). Once a partition folder holds small files of
 * {@code --compactAfterRuns} runs, the run rewrites them into one file of the same rows, in the
 * pipeline beside its other work ({@link CompactParquetFiles}), and its commit removes them when it
 * moves that file in: the plan names them, so a commit completed after a crash removes the same
 * ones, and a run that fails before its plan leaves the table as it was.
 */
final class Compaction {
  private static final Logger LOG = LoggerFactory.getLogger(Compaction.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A file this large is left as it is. */
  static final long SMALL_BYTES = 32L << 20;
  /** At most this much is rewritten into one file; the rest waits for a later run. */
  static final long GROUP_BYTES = 256L << 20;
  static final String COMPACTED = "-compacted.parquet";

  /** One new file and the files it replaces, below a table's folder. */
  static final class Group {
    final OutputTable<?> table;
    /** The new file's path below the table folder: {@code <partition>/part-<run>-compacted.parquet}. */
    final String newFile;
    final List<String> replaced;

    Group(OutputTable<?> table, String newFile, List<String> replaced) {
      this.table = table;
      this.newFile = newFile;
      this.replaced = replaced;
    }
  }

  private Compaction() {}

  /**
   * The groups this run rewrites: in each folder of each compactable table, the small Parquet files
   * (in name order, up to {@link #GROUP_BYTES}) once they come from at least {@code afterRuns} runs.
   * A file counts as the run whose id starts its name ({@code part-<run_id>}); a file no committed
   * run wrote counts as a run of its own.
   */
  static List<Group> plan(String output, List<CommittedTable> tables, String runId, int afterRuns)
      throws IOException {
    List<Group> groups = new ArrayList<>();
    if (afterRuns <= 0) {
      return groups;
    }
    Set<String> runs = Ledger.runIds(output);
    for (CommittedTable t : tables) {
      if (t.rows == null) {
        continue;
      }
      // As the file system names what it lists (a relative local output becomes absolute).
      String tableDir = FileSystems.matchNewResource(Locations.withSlash(output) + t.folder, true).toString();
      Map<String, List<MatchResult.Metadata>> byFolder = new TreeMap<>();
      for (MatchResult.Metadata file : smallParquetFiles(tableDir)) {
        String relative = file.resourceId().toString().substring(tableDir.length());
        byFolder.computeIfAbsent(relative.substring(0, relative.lastIndexOf('/') + 1), k -> new ArrayList<>()).add(file);
      }
      for (Map.Entry<String, List<MatchResult.Metadata>> folder : byFolder.entrySet()) {
        List<MatchResult.Metadata> files = folder.getValue();
        files.sort((a, b) -> a.resourceId().toString().compareTo(b.resourceId().toString()));
        if (runsOf(files, runs).size() < afterRuns) {
          continue;
        }
        List<String> replaced = new ArrayList<>();
        long bytes = 0;
        for (MatchResult.Metadata file : files) {
          if (replaced.size() >= 2 && bytes + file.sizeBytes() > GROUP_BYTES) {
            break;
          }
          replaced.add(file.resourceId().toString());
          bytes += file.sizeBytes();
        }
        groups.add(new Group(t.rows, folder.getKey() + "part-" + runId + COMPACTED, replaced));
      }
    }
    return groups;
  }

  private static List<MatchResult.Metadata> smallParquetFiles(String tableDir) throws IOException {
    List<MatchResult.Metadata> files = new ArrayList<>();
    for (MatchResult.Metadata m : OutputCommitter.dataFileMetadata(tableDir)) {
      if (m.resourceId().getFilename().endsWith(".parquet") && m.sizeBytes() < SMALL_BYTES) {
        files.add(m);
      }
    }
    return files;
  }

  /**
   * The runs that wrote these files: the longest committed run id that follows {@code part-} and
   * ends at a '-' or '.' of the name. Looked up per cut of the name, from the right, so that the
   * work does not grow with the number of runs (each file against every run id would).
   */
  static Set<String> runsOf(Collection<MatchResult.Metadata> files, Set<String> runIds) {
    Set<String> runs = new HashSet<>();
    for (MatchResult.Metadata file : files) {
      runs.add(runOf(file.resourceId().getFilename(), runIds));
    }
    return runs;
  }

  private static String runOf(String name, Set<String> runIds) {
    if (name.startsWith("part-")) {
      for (int end = name.length() - 1; end > "part-".length(); end--) {
        char c = name.charAt(end);
        if ((c == '-' || c == '.') && runIds.contains(name.substring("part-".length(), end))) {
          return name.substring("part-".length(), end);
        }
      }
    }
    return name;
  }

  /**
   * Adds the rewriting to the pipeline: each group's new file goes into the table's staged folder,
   * and the files it replaces are listed in {@link Staging#replacedFilesFile()} for the commit.
   */
  static void apply(Pipeline pipeline, Staging staging, List<Group> groups) {
    if (groups.isEmpty()) {
      return;
    }
    Map<String, List<KV<String, List<String>>>> byTable = new TreeMap<>();
    Map<String, OutputTable<?>> tables = new TreeMap<>();
    for (Group g : groups) {
      tables.put(g.table.name(), g.table);
      byTable.computeIfAbsent(g.table.name(), k -> new ArrayList<>())
          .add(KV.of(staging.table(g.table.name()) + "/" + g.newFile, g.replaced));
    }
    List<PCollection<KV<String, String>>> replaced = new ArrayList<>();
    for (Map.Entry<String, List<KV<String, List<String>>>> table : byTable.entrySet()) {
      replaced.add(
          pipeline
              .apply("CompactionGroups" + table.getKey(),
                  Create.of(table.getValue()).withCoder(KvCoder.of(StringUtf8Coder.of(), ListCoder.of(StringUtf8Coder.of()))))
              .apply("Compact" + table.getKey(), new CompactParquetFiles<>(tables.get(table.getKey()))));
    }
    PCollectionList.of(replaced)
        .apply("ReplacedFiles", Flatten.pCollections())
        .apply("AsJsonLines", MapElements.into(TypeDescriptors.strings()).via(Compaction::line))
        .apply("WriteReplacedFiles", WriteTextFile.to(staging.replacedFilesFile()));
  }

  /** {@code ["<new file>", "<replaced file>"]}: JSON, as a path may hold any character. */
  private static String line(KV<String, String> replaced) {
    return JSON.createArrayNode().add(replaced.getKey()).add(replaced.getValue()).toString();
  }

  /**
   * The files the pipeline rewrote into new ones, for the commit plan (none when it wrote no list).
   * Only those whose new file is there: a file is removed only where its rows are elsewhere.
   */
  static List<String> replacedFiles(Staging staging) throws IOException {
    List<String> files = new ArrayList<>();
    if (!StateFiles.exists(staging.replacedFilesFile())) {
      return files;
    }
    Map<String, Boolean> written = new HashMap<>();
    for (String line : StateFiles.readText(staging.replacedFilesFile()).split("\n")) {
      if (!line.isBlank()) {
        JsonNode pair = JSON.readTree(line);
        String newFile = pair.get(0).asText();
        if (written.computeIfAbsent(newFile, Compaction::exists)) {
          files.add(pair.get(1).asText());
        } else {
          LOG.warn("{} is missing: the files it was to replace stay", newFile);
        }
      }
    }
    return files;
  }

  private static boolean exists(String path) {
    try {
      return StateFiles.exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
