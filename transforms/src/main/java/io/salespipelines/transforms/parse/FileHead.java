package io.salespipelines.transforms.parse;

import java.io.IOException;
import java.io.Serializable;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a job must know of a file's head before it can read the file's later ranges on their own,
 * for {@link PlanFileRanges}. It decides the way the job's reader does (with the same code), so a
 * head that the reader would reject is never split: the reader then reads the file whole and
 * reports it once.
 */
public interface FileHead extends Serializable {
  /**
   * How the records of a file of this name are cut, if it may be split: true for CSV records,
   * false for lines; null for a file that is read whole (compressed, or not a known format).
   */
  @Nullable
  Boolean csvRecords(String fileName);

  /**
   * Reads the head records from a splitter at the start of the file, leaving it after them. Returns
   * what the later ranges need (a CSV header record's text, or "" when there is nothing to know),
   * or null when the file must be read whole.
   */
  @Nullable
  String read(RecordSplitter splitter, String path) throws IOException;
}
