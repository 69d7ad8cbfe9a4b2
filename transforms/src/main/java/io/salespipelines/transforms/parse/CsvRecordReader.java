package io.salespipelines.transforms.parse;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.RecordWrapper;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads RFC 4180 CSV records with FastCSV and adds what a dead letter needs: the record's first
 * physical line, its raw text, and a verdict on its quoting.
 *
 * <p>FastCSV is lenient about broken quoting (a quote inside an unquoted field is kept as text, text
 * after a closing quote is appended), which keeps it in step after a bad record. Strictness comes
 * from one check: a well-formed record is exactly its fields written back in RFC 4180 form, so a
 * record whose text differs from that has broken quoting.
 */
final class CsvRecordReader implements Iterator<CsvTextRecord>, Closeable {
  private final LineRecordingReader text;
  private final CsvReader<Fields> csv;
  private final CloseableIterator<Fields> records;
  private Fields pending;

  CsvRecordReader(Reader reader) {
    this.text = new LineRecordingReader(reader);
    this.csv =
        CsvReader.builder()
            .skipEmptyLines(true)
            .ignoreDifferentFieldCount(true)
            .acceptCharsAfterQuotes(true)
            .build(new FieldsHandler(), text);
    this.records = csv.iterator();
    this.pending = records.hasNext() ? records.next() : null;
  }

  @Override
  public boolean hasNext() {
    return pending != null;
  }

  @Override
  public CsvTextRecord next() {
    if (pending == null) {
      throw new NoSuchElementException();
    }
    Fields current = pending;
    // The raw text of a record runs up to the line where the next one starts.
    pending = records.hasNext() ? records.next() : null;
    String raw = text.takeLines(current.line, pending == null ? Long.MAX_VALUE : pending.line);
    return new CsvTextRecord(current.line, raw, current.values, quotingProblem(current, raw));
  }

  private static String quotingProblem(Fields record, String raw) {
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

  @Override
  public void close() throws IOException {
    csv.close();
  }

  private static final class Fields {
    final long line;
    final List<String> values;
    final BitSet quoted;

    Fields(long line, List<String> values, BitSet quoted) {
      this.line = line;
      this.values = values;
      this.quoted = quoted;
    }
  }

  /** Collects each record's values together with which of them were quoted. */
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
      return wrapRecord(new Fields(getStartingLineNumber(), values, quoted));
    }
  }
}
