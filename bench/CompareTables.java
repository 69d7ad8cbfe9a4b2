import io.salespipelines.pipelines.run.ParquetRows;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Whether two output folders of a job hold the same tables (a bench check, not a test): per table,
 * the row count and an order-independent digest of the rows (each row's fields but the run's own,
 * e.g. run_id, hashed and the hashes added up), so that a run on one big file can be held against
 * a run of the same rows in many files, or one runner against the other, at a million rows.
 *
 *   java -cp sales-pipelines.jar:CLASSES CompareTables OUT_A OUT_B [IGNORED_FIELDS]
 *
 * IGNORED_FIELDS (default run_id) is a comma-separated list; to hold one big file against many
 * files give run_id,source,line,message (a dead letter names its file and line). Parquet tables
 * and JSON-lines tables (dead_letter) are read. Prints one line per table, exits 1 if any differs.
 */
public class CompareTables {
  public static void main(String[] args) throws Exception {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    Set<String> ignored = new HashSet<>(Arrays.asList(
        (args.length > 2 ? args[2] : "run_id").split(",")));
    TreeSet<String> tables = new TreeSet<>();
    for (String out : new String[] {args[0], args[1]}) {
      File[] dirs = new File(out).listFiles(f -> f.isDirectory() && !f.getName().startsWith("_"));
      for (File d : dirs == null ? new File[0] : dirs) {
        tables.add(d.getName());
      }
    }
    boolean same = true;
    for (String table : tables) {
      String a = digest(args[0] + "/" + table, ignored);
      String b = digest(args[1] + "/" + table, ignored);
      boolean equal = a.equals(b);
      same &= equal;
      System.out.printf("%-26s %s  %s%s%n", table, equal ? "same" : "DIFFERENT", a, equal ? "" : " vs " + b);
    }
    System.exit(same ? 0 : 1);
  }

  /** "rows=N sum=H": N rows whose hashes (SHA-256 of the kept fields, first 8 bytes) add up to H. */
  static String digest(String folder, Set<String> ignored) throws Exception {
    if (!new File(folder).isDirectory()) {
      return "missing";
    }
    long[] rowsAndSum = new long[2];
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    ParquetRows.forEachRecord(folder, (GenericRecord r) -> {
      StringBuilder row = new StringBuilder();
      for (Schema.Field f : r.getSchema().getFields()) {
        if (!ignored.contains(f.name())) {
          row.append(f.name()).append('=').append(r.get(f.pos())).append('\u0001');
        }
      }
      add(rowsAndSum, sha, row.toString());
    });
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> files = Files.walk(Paths.get(folder))) {
      for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".jsonl"))::iterator) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            ObjectNode row = (ObjectNode) json.readTree(line);
            row.remove(ignored);
            add(rowsAndSum, sha, row.toString());
          }
        }
      }
    }
    return "rows=" + rowsAndSum[0] + " sum=" + Long.toHexString(rowsAndSum[1]);
  }

  private static void add(long[] rowsAndSum, MessageDigest sha, String row) {
    byte[] h = sha.digest(row.getBytes(StandardCharsets.UTF_8));
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (h[i] & 0xff);
    }
    rowsAndSum[0]++;
    rowsAndSum[1] += v;
  }
}
