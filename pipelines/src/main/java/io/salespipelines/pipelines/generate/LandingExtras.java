package io.salespipelines.pipelines.generate;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import io.salespipelines.pipelines.generate.GenerateSummary.DataFile;
import io.salespipelines.pipelines.generate.GenerateSummary.FileEntry;
import io.salespipelines.schemas.ErrorType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The landing files that hold no data rows: each tests one file-level rule of SPEC 1.1/1.2. The
 * ignored and unread files hold rows that would be valid, so a pipeline that reads them by mistake
 * ends up with more valid rows than planned.
 */
final class LandingExtras {
  private final Output out;
  private final LocalDate start;
  private final List<FileEntry> entries = new ArrayList<>();

  LandingExtras(Output out, LocalDate start) {
    this.out = out;
    this.start = start;
  }

  List<FileEntry> write(List<DataFile> dataFiles) throws IOException {
    try (OutputStream notes = out.create("landing/notes.txt")) {
      notes.write("Landing zone notes\nNightly exports land here.\nSee _manifest.csv.\n"
          .getBytes(StandardCharsets.UTF_8));
    }
    entries.add(new FileEntry("notes.txt", "dead_letter", ErrorType.WRONG_FILE_TYPE.code(),
        "not a data file ending"));

    writeCsv("no_store_id.csv", withoutStore(Profiles.canonicalHeader()),
        List.of(withoutStore(validRecord("X-NOSTORE-1")), withoutStore(validRecord("X-NOSTORE-2")),
            withoutStore(validRecord("X-NOSTORE-3"))));
    entries.add(new FileEntry("no_store_id.csv", "dead_letter", ErrorType.BAD_SCHEMA.code(),
        "header lacks store_id; its 3 rows are not data rows"));

    out.create("landing/empty.csv").close();
    entries.add(new FileEntry("empty.csv", "no_rows", null, "empty file"));

    writeCsv("header_only.csv", Profiles.canonicalHeader(), List.of());
    entries.add(new FileEntry("header_only.csv", "no_rows", null, "header only"));

    List<List<String>> manifest = new ArrayList<>();
    for (DataFile file : dataFiles) {
      manifest.add(List.of(file.name, Long.toString(file.rows)));
    }
    writeCsv("_manifest.csv", List.of("file", "rows"), manifest);
    entries.add(new FileEntry("_manifest.csv", "ignored", null, "name starts with _"));

    writeCsv(".hidden.csv", Profiles.canonicalHeader(), List.of(validRecord("X-HIDDEN-1")));
    entries.add(new FileEntry(".hidden.csv", "ignored", null, "name starts with ."));

    writeCsv("processed/old.csv", Profiles.canonicalHeader(),
        List.of(validRecord("X-PROCESSED-1"), validRecord("X-PROCESSED-2")));
    entries.add(new FileEntry("processed/old.csv", "not_read", null, "in a sub-folder"));
    return entries;
  }

  /** A row in the canonical column order that passes every check. */
  private List<String> validRecord(String transactionId) {
    return List.of(transactionId, Dimensions.customerId(0), Dimensions.storeId(0),
        Dimensions.productId(0), Dimensions.salesPersonId(0), start.toString(), "1.00", "1",
        "1.00");
  }

  /** Drops the store_id column from a record in canonical column order. */
  private static List<String> withoutStore(List<String> canonical) {
    List<String> record = new ArrayList<>(canonical);
    record.remove(Profiles.canonicalHeader().indexOf(Field.STORE_ID.canonical));
    return record;
  }

  private void writeCsv(String name, List<String> header, List<List<String>> records)
      throws IOException {
    try (CsvWriter csv = CsvWriter.builder()
        .lineDelimiter(LineDelimiter.LF)
        .build(new OutputStreamWriter(out.create("landing/" + name), StandardCharsets.UTF_8))) {
      csv.writeRecord(header);
      for (List<String> record : records) {
        csv.writeRecord(record);
      }
    }
  }
}
