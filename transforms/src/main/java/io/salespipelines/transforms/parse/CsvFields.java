package io.salespipelines.transforms.parse;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.RecordWrapper;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Splits the text of one CSV record (as {@link RecordSplitter} cut it out) into its fields with
 * FastCSV, and gives a verdict on its quoting.
 *
 * <p>FastCSV is lenient about broken quoting (a quote inside an unquoted field is kept as text, text
 * after a closing quote is appended), which keeps it in step after a bad record. Strictness comes
 * from one check: a well-formed record is exactly its fields written back in RFC 4180 form, so a
 * record whose text differs from that has broken quoting.
 */
final class CsvFields {
  private static final CsvReader.CsvReaderBuilder FASTCSV =
      CsvReader.builder()
          .skipEmptyLines(false)
          .ignoreDifferentFieldCount(true)
          .acceptCharsAfterQuotes(true)
          .detectBomHeader(false);

  private CsvFields() {}

  /** The record starting at {@code line} whose text (without its line break) is {@code raw}. */
  static CsvTextRecord parse(long line, String raw) {
    Fields record;
    boolean more;
    FieldsHandler handler = new FieldsHandler();
    try (CloseableIterator<Fields> records = FASTCSV.build(handler, raw).iterator()) {
      record = records.next();
      more = records.hasNext();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e); // a String source cannot fail
    }
    String problem =
        more
            ? "broken quoting: a line break the record splitter and FastCSV read differently"
            : quotingProblem(record, raw);
    return new CsvTextRecord(line, raw, record.values, problem);
  }

  private static @Nullable String quotingProblem(Fields record, String raw) {
    boolean anyQuoted = !record.quoted.isEmpty();
    for (int i = 0; i < record.values.size(); i++) {
      if (!record.quoted.get(i) && record.values.get(i).indexOf('"') >= 0) {
        return "stray quote in unquoted field " + (i + 1);
      }
    }
    if (anyQuoted && !rewrite(record).equals(raw)) {
      return "broken quoting: text after a closing quote, or a quote that is never closed";
    }
    return null;
  }

  private static String rewrite(Fields record) {
    StringBuilder out = new StringBuilder(128);
    for (int i = 0; i < record.values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      String v = record.values.get(i);
      if (record.quoted.get(i)) {
        out.append('"').append(v.replace("\"", "\"\"")).append('"');
      } else {
        out.append(v);
      }
    }
    return out.toString();
  }

  private static final class Fields {
    final List<String> values;
    final BitSet quoted;

    Fields(List<String> values, BitSet quoted) {
      this.values = values;
      this.quoted = quoted;
    }
  }

  /** Collects the record's values together with which of them were quoted. */
  private static final class FieldsHandler extends AbstractBaseCsvCallbackHandler<Fields> {
    private List<String> values = new ArrayList<>();
    private BitSet quoted = new BitSet();

    @Override
    protected void handleBegin(long startingLineNumber) {
      values = new ArrayList<>(values.size() + 2);
      quoted = new BitSet();
    }

    @Override
    protected void handleField(int idx, char[] buf, int offset, int len, boolean isQuoted) {
      values.add(new String(buf, offset, len));
      if (isQuoted) {
        quoted.set(idx);
      }
    }

    @Override
    protected RecordWrapper<Fields> buildRecord() {
      return wrapRecord(new Fields(values, quoted));
    }
  }
}
