import io.salespipelines.transforms.parse.RawRecord;
import io.salespipelines.transforms.parse.RecordSplitter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/**
 * Cuts one CSV landing file into FILES files of about equal record counts (a bench tool, not a
 * test): the same rows, in the same order, each part headed by the file's header line. The cuts
 * are found by the job's own {@link RecordSplitter}, so a quoted field that spans lines, or a stray
 * quote in a malformed row, ends up where the job itself would read it; the bytes between cuts are
 * copied unchanged. Parts are named PREFIX_0001.csv ... so that name order is row order (a
 * duplicate id keeps the first by (file, line), as in the one file).
 *
 *   java -cp sales-pipelines.jar:CLASSES SplitCsvFile FILE.csv FILES OUT_DIR PREFIX
 */
public class SplitCsvFile {
  public static void main(String[] args) throws IOException {
    Path in = Paths.get(args[0]);
    int files = Integer.parseInt(args[1]);
    Path outDir = Paths.get(args[2]);
    String prefix = args[3];
    // Pass 1: the header's end and every record boundary's offset, counted.
    long headerEnd;
    long[] ends = new long[1 << 20];
    long records = 0;
    try (InputStream stream = new BufferedInputStream(Files.newInputStream(in), 1 << 20);
        RecordSplitter splitter = new RecordSplitter(stream, true, 1 << 16)) {
      if (splitter.next() == null) {
        throw new IllegalArgumentException(in + " has no header");
      }
      headerEnd = splitter.position();
      RawRecord record;
      while ((record = splitter.next()) != null) {
        if (records == ends.length) {
          ends = java.util.Arrays.copyOf(ends, ends.length * 2);
        }
        ends[(int) records++] = splitter.position();
      }
    }
    long perFile = Math.max(1, (records + files - 1) / files);
    Files.createDirectories(outDir);
    try (FileChannel source = FileChannel.open(in, StandardOpenOption.READ)) {
      long start = headerEnd;
      int part = 0;
      for (long cut = perFile; start < source.size(); cut += perFile) {
        long end = cut - 1 < records ? ends[(int) (cut - 1)] : source.size();
        Path target = outDir.resolve(String.format("%s_%04d.csv", prefix, ++part));
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
          source.transferTo(0, headerEnd, out);
          for (long at = start; at < end; ) {
            at += source.transferTo(at, end - at, out);
          }
        }
        start = end;
      }
      System.out.printf("split %,d records of %s into %d files under %s%n", records, in, part, outDir);
    }
  }
}
