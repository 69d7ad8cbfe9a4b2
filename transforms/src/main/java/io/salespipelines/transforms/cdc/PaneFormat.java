package io.salespipelines.transforms.cdc;

import java.io.IOException;
import java.io.Serializable;
import java.nio.channels.WritableByteChannel;
import java.util.List;

/** How a pane of records becomes one file: its ending, and the bytes. */
public interface PaneFormat<T> extends Serializable {
  String suffix();

  String mimeType();

  /** Writes the records and closes the channel. */
  void write(List<T> records, WritableByteChannel channel) throws IOException;

  /** A stable identity of a record, so a retried pane gets the same file name. */
  String identity(T record);
}
