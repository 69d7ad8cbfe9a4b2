package io.salespipelines.transforms.parse;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A gzip stream that ends where its data breaks off (a cut or corrupt .gz) instead of throwing,
 * and keeps the cause. Else the exception would also discard what the readers above had already
 * decompressed into their buffers, so which records before the break stand would depend on buffer
 * sizes; this way every record before the break is read, and the reader says where the file broke
 * (orders-analytics' and orders-cdc's file readers).
 */
public final class EndAtGzipBreak extends FilterInputStream {
  private IOException cause;

  public EndAtGzipBreak(GZIPInputStream gzip) {
    super(gzip);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (cause != null) {
      return -1;
    }
    try {
      return super.read(b, off, len);
    } catch (ZipException | EOFException e) {
      cause = e;
      return -1;
    }
  }

  @Override
  public long skip(long n) throws IOException {
    // Through read, so that a break while skipping ends the stream here too.
    if (n <= 0) {
      return 0;
    }
    byte[] buf = new byte[(int) Math.max(0, Math.min(n, 1 << 16))];
    long left = n;
    while (left > 0) {
      int r = read(buf, 0, (int) Math.min(left, buf.length));
      if (r < 0) {
        break;
      }
      left -= r;
    }
    return n - Math.max(0, left);
  }

  /** Why the data broke off, or null while it has not. */
  public IOException cause() {
    return cause;
  }
}
