package io.salespipelines.pipelines.generate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/** Files under the output root, through Beam's FileSystems, so s3:// works like a local path. */
final class Output {
  private static final int BUFFER = 1 << 16;
  private final String root;

  Output(String root) {
    this.root = root.endsWith("/") ? root : root + "/";
  }

  /** A new file at {@code relative} (slash-separated); parent folders appear as needed. */
  OutputStream create(String relative) throws IOException {
    ResourceId file = FileSystems.matchNewResource(root + relative, false);
    return new BufferedOutputStream(
        Channels.newOutputStream(FileSystems.create(file, MimeTypes.BINARY)), BUFFER);
  }

  /** Like {@link #create}, gzip-compressed when the name ends in {@code .gz}. */
  OutputStream createMaybeGzip(String relative) throws IOException {
    OutputStream out = create(relative);
    // Java's gzip header carries no timestamp, so compressed bytes are deterministic too.
    return relative.endsWith(".gz") ? new GZIPOutputStream(out, BUFFER) : out;
  }
}
