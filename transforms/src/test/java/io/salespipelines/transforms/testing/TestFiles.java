package io.salespipelines.transforms.testing;

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
    File file = new File(folder.getRoot(), name);
    Files.write(file.toPath(), content.getBytes(StandardCharsets.UTF_8));
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
}
