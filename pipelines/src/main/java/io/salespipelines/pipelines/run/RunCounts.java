package io.salespipelines.pipelines.run;

import io.salespipelines.transforms.write.CountOutcomes;
import java.io.BufferedReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.values.KV;

/** What a run accepted and rejected: rows read = valid + row-level dead letters. */
public final class RunCounts {
  public long valid;
  /** Row-level dead letters per error_type. */
  public final Map<String, Long> deadLetters = new TreeMap<>();
  /** Whole-file dead letters (wrong_file_type, a CSV's bad header, an unreadable file). */
  public final Map<String, Long> fileLevel = new TreeMap<>();
  /** A job's own counts (e.g. items read and written), by label. */
  public final Map<String, Long> other = new TreeMap<>();

  public long rowsRead() {
    return valid + deadLetterRows();
  }

  public long deadLetterRows() {
    return deadLetters.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The share of rows read that are dead letters, to 4 places; 0 when nothing was read. */
  public BigDecimal badShare() {
    long read = rowsRead();
    return read == 0
        ? BigDecimal.ZERO
        : BigDecimal.valueOf(deadLetterRows()).divide(BigDecimal.valueOf(read), 4, RoundingMode.HALF_UP);
  }

  /** Files rejected whole: source path to error_type. */
  public static Map<String, String> readRejectedFiles(String file) throws IOException {
    Map<String, String> rejected = new TreeMap<>();
    for (String line : StateFiles.readText(file).split("\n")) {
      KV<String, String> pathAndType = CountOutcomes.parseRejectedFileLine(line);
      if (pathAndType != null) {
        rejected.put(pathAndType.getKey(), pathAndType.getValue());
      }
    }
    return rejected;
  }

  /** Reads the {@code label<TAB>count} lines {@link CountOutcomes} wrote. */
  public static RunCounts read(String countsFile) throws IOException {
    RunCounts counts = new RunCounts();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                Channels.newInputStream(
                    FileSystems.open(FileSystems.matchNewResource(countsFile, false))),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        int tab = line.indexOf('\t');
        String label = line.substring(0, tab);
        long n = Long.parseLong(line.substring(tab + 1));
        if (label.equals(CountOutcomes.VALID)) {
          counts.valid = n;
        } else if (label.startsWith(CountOutcomes.ROW)) {
          counts.deadLetters.put(label.substring(CountOutcomes.ROW.length()), n);
        } else if (label.startsWith(CountOutcomes.FILE)) {
          counts.fileLevel.put(label.substring(CountOutcomes.FILE.length()), n);
        } else {
          counts.other.put(label, n);
        }
      }
    }
    return counts;
  }

  /** E.g. {@code 200 rows read: 196 valid, 4 dead letters {...}}; {@code unit} names what was read. */
  public String summaryLine(String unit) {
    StringBuilder s = new StringBuilder();
    s.append(rowsRead()).append(" ").append(unit).append(" read: ").append(valid).append(" valid, ")
        .append(deadLetterRows()).append(" dead letters");
    if (!deadLetters.isEmpty()) {
      s.append(" ").append(deadLetters);
    }
    if (!fileLevel.isEmpty()) {
      s.append("; files rejected whole: ").append(fileLevel);
    }
    return s.toString();
  }
}
