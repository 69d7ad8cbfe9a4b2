package io.salespipelines.transforms.dimensions;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.beam.sdk.io.FileSystems;

/**
 * Reads a dimension CSV file. A dimension that is missing, lacks a column or has a broken row stops
 * the run with a message naming the file and line: joining against a damaged dimension would send
 * good sales to the dead letters.
 */
public final class DimensionFileReader {
  private DimensionFileReader() {}

  /** Checks that the file exists and its header has every column; throws with a clear message. */
  public static void checkHeader(String path, DimensionTable<?> table) {
    try (Reader reader = open(path);
        CsvReader<CsvRecord> csv = CsvReader.builder().ignoreDifferentFieldCount(true).ofCsvRecord(reader)) {
      Iterator<CsvRecord> records = csv.iterator();
      if (!records.hasNext()) {
        throw new DimensionException(path + ": the dimension file is empty");
      }
      columnIndex(path, table, records.next().getFields());
    } catch (IOException | RuntimeException e) {
      throw wrap(path, e);
    }
  }

  /** Calls {@code sink} with each row's record and its line number. */
  public static <T> void read(String path, DimensionTable<T> table, BiConsumer<Long, T> sink) {
    try (Reader reader = open(path);
        CsvReader<CsvRecord> csv =
            CsvReader.builder().skipEmptyLines(true).ignoreDifferentFieldCount(true).ofCsvRecord(reader)) {
      Iterator<CsvRecord> records = csv.iterator();
      if (!records.hasNext()) {
        throw new DimensionException(path + ": the dimension file is empty");
      }
      Map<String, Integer> index = columnIndex(path, table, records.next().getFields());
      // A row must reach the last column the table uses; more cells than that are tolerated.
      int width = 1 + index.values().stream().mapToInt(Integer::intValue).max().orElse(0);
      while (records.hasNext()) {
        CsvRecord record = records.next();
        List<String> fields = record.getFields();
        long line = record.getStartingLineNumber();
        if (fields.size() < width) {
          throw new DimensionException(
              path + " line " + line + ": expected " + width + " fields, found " + fields.size());
        }
        T value = table.fromRow(column -> emptyToNull(fields.get(index.get(column))));
        String key = fields.get(index.get(table.keyColumn()));
        if (key.isEmpty()) {
          throw new DimensionException(path + " line " + line + ": " + table.keyColumn() + " is empty");
        }
        sink.accept(line, value);
      }
    } catch (IOException | RuntimeException e) {
      throw wrap(path, e);
    }
  }

  private static Map<String, Integer> columnIndex(
      String path, DimensionTable<?> table, List<String> header) {
    Map<String, Integer> byName = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT);
      byName.putIfAbsent(name, i);
    }
    List<String> missing = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    for (String column : table.columns()) {
      Integer at = byName.get(column);
      if (at == null) {
        missing.add(column);
      } else {
        index.put(column, at);
      }
    }
    if (!missing.isEmpty()) {
      throw new DimensionException(
          path + ": header lacks column(s) " + String.join(", ", missing)
              + " (expected " + String.join(",", table.columns()) + ")");
    }
    return index;
  }

  private static String emptyToNull(String value) {
    return value.isEmpty() ? null : value;
  }

  private static Reader open(String path) throws IOException {
    return new InputStreamReader(
        Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(path, false))),
        StandardCharsets.UTF_8);
  }

  private static DimensionException wrap(String path, Exception e) {
    if (e instanceof DimensionException) {
      return (DimensionException) e;
    }
    String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof java.io.FileNotFoundException || e instanceof java.nio.file.NoSuchFileException) {
      return new DimensionException(path + ": the dimension file does not exist");
    }
    return new DimensionException(path + ": cannot read the dimension file: " + what);
  }

  /** A dimension problem that stops the run; its message is meant for the user as it is. */
  public static final class DimensionException extends RuntimeException {
    public DimensionException(String message) {
      super(message);
    }
  }
}
