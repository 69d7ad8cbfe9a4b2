package io.salespipelines.transforms.testing;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.zip.GZIPOutputStream;
import org.junit.rules.TemporaryFolder;

/** Writes small input files for transform tests. */
public final class TestFiles {
  private TestFiles() {}

  public static String write(TemporaryFolder folder, String name, String content) throws IOException {
    return writeBytes(folder, name, content.getBytes(StandardCharsets.UTF_8));
  }

  public static String writeBytes(TemporaryFolder folder, String name, byte[] content) throws IOException {
    File file = new File(folder.getRoot(), name);
    Files.write(file.toPath(), content);
    return file.getAbsolutePath();
  }

  public static String writeGzip(TemporaryFolder folder, String name, String content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(content.getBytes(StandardCharsets.UTF_8));
    }
    File file = new File(folder.getRoot(), name);
    Files.write(file.toPath(), bytes.toByteArray());
    return file.getAbsolutePath();
  }

  /** Something that writes a (large) file piece by piece. */
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Streams a file to disk, so a test can make files far larger than it could hold in memory. */
  public static String writeStreamed(TemporaryFolder folder, String name, Content content)
      throws IOException {
    File file = new File(folder.getRoot(), name);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file.toPath()), 1 << 16)) {
      content.writeTo(out);
    }
    return file.getAbsolutePath();
  }

  /** Writes {@code count} copies of the ASCII character {@code c}. */
  public static void repeat(OutputStream out, char c, long count) throws IOException {
    byte[] chunk = new byte[1 << 16];
    java.util.Arrays.fill(chunk, (byte) c);
    for (long left = count; left > 0; left -= chunk.length) {
      out.write(chunk, 0, (int) Math.min(left, chunk.length));
    }
  }

  public static void ascii(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
  }
}
