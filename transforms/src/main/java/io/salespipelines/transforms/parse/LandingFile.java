package io.salespipelines.transforms.parse;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.zip.GZIPInputStream;
import org.apache.beam.sdk.io.FileSystems;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A landing file opened for reading, watched for the faults that are not about its content: it
 * cannot be opened, its storage fails mid-read, or it changes while it is read. Such a file is
 * {@code unreadable} this time, not {@code malformed}: whatever throws from below the decompressor
 * is the storage's fault, whatever the decompressor throws on its own is the content's.
 */
public final class LandingFile implements Closeable {
  private final ReadableByteChannel channel;
  private final Source source;
  /** Where reading started: 0, or the offset a range of the file starts at. */
  private final long startOffset;
  private long sizeAtOpen;

  private LandingFile(ReadableByteChannel channel, long startOffset) throws IOException {
    this.channel = channel;
    this.source = new Source(Channels.newInputStream(channel));
    this.startOffset = startOffset;
    this.sizeAtOpen = size();
  }

  /** Opens a local path or URI as it is: no glob characters are expanded. */
  public static LandingFile open(String path) throws IOException {
    return openAt(path, 0);
  }

  /**
   * Opens a file to read its bytes from {@code offset} on (a range of an uncompressed file); the
   * storage must be able to seek.
   */
  public static LandingFile openAt(String path, long offset) throws IOException {
    ReadableByteChannel channel = FileSystems.open(FileSystems.matchNewResource(path, false));
    if (offset > 0) {
      if (!(channel instanceof SeekableByteChannel)) {
        channel.close();
        throw new IOException("the storage cannot seek to byte " + offset);
      }
      ((SeekableByteChannel) channel).position(offset);
    }
    return new LandingFile(channel, offset);
  }

  /**
   * The size the file had when reading it began, if an earlier step saw it (the scan that planned
   * its ranges): a change since then counts as a change while reading.
   */
  public void sizeWhenFirstOpened(long size) {
    if (size >= 0) {
      sizeAtOpen = size;
    }
  }

  /**
   * The file's bytes, decompressed when {@code gzip} and the file starts like gzip (a {@code .gz}
   * file that is not gzip at all is read as it is, as Beam's {@code Compression.GZIP} does). The
   * JDK's {@link GZIPInputStream} hands out every byte it inflated before a break; Beam's
   * decompressor (Commons Compress) fills the caller's whole buffer or throws, losing up to a
   * buffer's worth of intact rows in front of the break.
   */
  public InputStream content(boolean gzip) throws IOException {
    if (!gzip) {
      return source;
    }
    PushbackInputStream in = new PushbackInputStream(source, 2);
    byte[] magic = new byte[2];
    int n = in.readNBytes(magic, 0, 2);
    in.unread(magic, 0, n);
    boolean isGzip = n == 2 && (magic[0] & 0xFF) == 0x1F && (magic[1] & 0xFF) == 0x8B;
    return isGzip ? new GZIPInputStream(in, 1 << 16) : in;
  }

  /** The file's size when it was opened (or when first opened, if given), or -1 when unknown. */
  long sizeAtOpen() {
    return sizeAtOpen;
  }

  /** The storage's own failure while the file was read, if there was one. */
  @Nullable
  public IOException sourceFault() {
    return source.fault;
  }

  /**
   * Null when the file is as it was when opened; else a sentence on how it changed. Compares the
   * size at open with the bytes read (the rest of the file is read first) and with the size now.
   */
  @Nullable
  public String changeSinceOpened() throws IOException {
    source.skipToEnd();
    long sizeNow = size();
    long read = startOffset + source.bytesRead;
    if (sizeAtOpen < 0 || (sizeAtOpen == read && sizeNow == sizeAtOpen)) {
      return null;
    }
    return "the file changed while it was read (" + sizeAtOpen + " bytes when opened, "
        + read + " bytes read, " + sizeNow + " bytes at the end)";
  }

  /** The size the storage reports now, or -1 when it does not say (a plain stream). */
  private long size() throws IOException {
    return channel instanceof SeekableByteChannel ? ((SeekableByteChannel) channel).size() : -1;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** Counts the bytes read from the storage and remembers its failure. */
  private static final class Source extends InputStream {
    private final InputStream in;
    long bytesRead;
    @Nullable IOException fault;

    Source(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        int n = in.read(b, off, len);
        if (n > 0) {
          bytesRead += n;
        }
        return n;
      } catch (IOException e) {
        fault = e;
        throw e;
      }
    }

    void skipToEnd() throws IOException {
      byte[] rest = new byte[1 << 16];
      while (read(rest, 0, rest.length) >= 0) {
        // counted by read
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
