package io.salespipelines.transforms.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessDeniedException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.io.FileSystem;
import org.apache.beam.sdk.io.FileSystemRegistrar;
import org.apache.beam.sdk.io.fs.CreateOptions;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * A Beam file system for tests, scheme {@code faulty://}, whose files fail the way real ones do
 * now and then: access denied, a connection that breaks off mid-read, a file that grows while it is
 * read. Running as root, a test cannot make a local file unreadable with chmod; this can, and
 * deterministically. Files live in memory for the test JVM (the Direct runner runs in it).
 */
public final class FaultyFileSystem extends FileSystem<FaultyFileSystem.Id> {
  private static final Map<String, Spec> FILES = new ConcurrentHashMap<>();

  /** How one file behaves. */
  private static final class Spec {
    final byte[] content;
    final boolean denied;
    /** read() throws after this many bytes; -1 never. */
    final int breaksAfter;
    /** Successive answers of size(); the last one repeats. */
    final long[] sizes;

    Spec(byte[] content, boolean denied, int breaksAfter, long[] sizes) {
      this.content = content;
      this.denied = denied;
      this.breaksAfter = breaksAfter;
      this.sizes = sizes;
    }
  }

  /** A file that cannot be opened: access denied. */
  public static String denied(String name) {
    return register(name, new Spec(new byte[0], true, -1, new long[] {0}));
  }

  /** A file whose reading fails with an I/O error after {@code bytes} bytes. */
  public static String breaksAfter(String name, byte[] content, int bytes) {
    return register(name, new Spec(content, false, bytes, new long[] {content.length}));
  }

  /**
   * A file with {@code content} when opened that a writer extends while it is read: size() answers
   * the opened length first and {@code laterSize} afterwards; reading ends after {@code content}.
   */
  public static String growsWhileRead(String name, byte[] content, long laterSize) {
    return register(name, new Spec(content, false, -1, new long[] {content.length, laterSize}));
  }

  private static String register(String name, Spec spec) {
    String path = "faulty://files/" + name;
    FILES.put(path, spec);
    return path;
  }

  @Override
  protected ReadableByteChannel open(Id id) throws IOException {
    Spec spec = FILES.get(id.path);
    if (spec == null) {
      throw new java.io.FileNotFoundException(id.path);
    }
    if (spec.denied) {
      throw new AccessDeniedException(id.path);
    }
    return new Channel(spec);
  }

  private static final class Channel implements SeekableByteChannel {
    private final Spec spec;
    private int position;
    private int sizeCalls;
    private boolean open = true;

    Channel(Spec spec) {
      this.spec = spec;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      if (spec.breaksAfter >= 0 && position >= spec.breaksAfter) {
        throw new IOException("Connection reset");
      }
      int end = spec.breaksAfter >= 0 ? spec.breaksAfter : spec.content.length;
      if (position >= end) {
        return -1;
      }
      int n = Math.min(dst.remaining(), Math.min(end - position, 8192));
      dst.put(spec.content, position, n);
      position += n;
      return n;
    }

    @Override
    public long size() {
      return spec.sizes[Math.min(sizeCalls++, spec.sizes.length - 1)];
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
      position = (int) newPosition;
      return this;
    }

    @Override
    public int write(ByteBuffer src) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }
  }

  @Override
  protected Id matchNewResource(String spec, boolean isDirectory) {
    return new Id(spec);
  }

  @Override
  protected String getScheme() {
    return "faulty";
  }

  @Override
  protected List<MatchResult> match(List<String> specs) {
    throw new UnsupportedOperationException("faulty:// files are opened by name only");
  }

  @Override
  protected WritableByteChannel create(Id id, CreateOptions options) {
    throw new UnsupportedOperationException();
  }

  @Override
  protected void copy(List<Id> from, List<Id> to) {
    throw new UnsupportedOperationException();
  }

  @Override
  protected void rename(List<Id> from, List<Id> to, MoveOptions... options) {
    throw new UnsupportedOperationException();
  }

  @Override
  protected void delete(Collection<Id> ids) {
    throw new UnsupportedOperationException();
  }

  /** A faulty:// path. */
  public static final class Id implements ResourceId {
    final String path;

    Id(String path) {
      this.path = path;
    }

    @Override
    public ResourceId resolve(String other, ResolveOptions options) {
      return new Id(path + "/" + other);
    }

    @Override
    public ResourceId getCurrentDirectory() {
      return new Id(path.substring(0, path.lastIndexOf('/')));
    }

    @Override
    public String getScheme() {
      return "faulty";
    }

    @Override
    public String getFilename() {
      return path.substring(path.lastIndexOf('/') + 1);
    }

    @Override
    public boolean isDirectory() {
      return false;
    }

    @Override
    public String toString() {
      return path;
    }
  }

  /** Found through {@code META-INF/services} by {@link org.apache.beam.sdk.io.FileSystems}. */
  public static final class Registrar implements FileSystemRegistrar {
    @Override
    public Iterable<FileSystem<?>> fromOptions(PipelineOptions options) {
      return List.of(new FaultyFileSystem());
    }
  }
}
