package io.salespipelines.transforms.state;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/** A Parquet input file at a path of any of Beam's file systems (local, S3), read through its seekable channel. */
public final class BeamInputFile implements InputFile {
  private final ResourceId file;

  public BeamInputFile(String path) {
    this(FileSystems.matchNewResource(path, false));
  }

  public BeamInputFile(ResourceId file) {
    this.file = file;
  }

  @Override
  public long getLength() throws IOException {
    return FileSystems.matchSingleFileSpec(file.toString()).sizeBytes();
  }

  @Override
  public SeekableInputStream newStream() throws IOException {
    return ReadParquetFiles.seekableStream((SeekableByteChannel) FileSystems.open(file));
  }
}
