package io.salespipelines.transforms.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.transforms.common.SpillByKey;
import java.io.UncheckedIOException;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes dead letters as JSON lines (run_id, source, line, error_type, error_field, message, raw)
 * into one file per run, {@code <prefix>-00000-of-00001.jsonl}, empty when there are none.
 *
 * <p>The lines are brought together through spill files ({@link WriteTextFile}), not a shuffle into
 * one shard: that shuffle held every dead letter of the run in one key, which on the Direct runner
 * sits in the heap and is copied again for every bundle that adds to it (2% bad rows of a 2 GB
 * file are 500k lines), and on Spark is one task's list. Memory: the spill buffer.
 */
public class WriteDeadLetters extends PTransform<PCollection<DeadLetter>, PDone> {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String runId;
  private final String directory;
  private final String filePrefix;
  private final long spillBufferBytes;

  public WriteDeadLetters(String runId, String directory, String filePrefix) {
    this(runId, directory, filePrefix, SpillByKey.DEFAULT_SPILL_BUFFER_BYTES);
  }

  private WriteDeadLetters(String runId, String directory, String filePrefix, long spillBufferBytes) {
    this.runId = runId;
    this.directory = directory;
    this.filePrefix = filePrefix;
    this.spillBufferBytes = spillBufferBytes;
  }

  /** Spills a bundle's lines whenever their encoded form reaches {@code bytes}. */
  public WriteDeadLetters withSpillBufferBytes(long bytes) {
    return new WriteDeadLetters(runId, directory, filePrefix, bytes);
  }

  /** The folder of the spill files: its name starts with '_', so no commit publishes it. */
  static String spillFolder(String directory) {
    return directory + "/_spill";
  }

  @Override
  public PDone expand(PCollection<DeadLetter> deadLetters) {
    String run = runId;
    return deadLetters
        .apply("ToJson", MapElements.into(TypeDescriptors.strings()).via(d -> toJson(run, d)))
        .setCoder(StringUtf8Coder.of())
        .apply("WriteLines", WriteTextFile.to(directory + "/" + filePrefix + "-00000-of-00001.jsonl")
            .withSpillFolder(spillFolder(directory))
            .withSpillBufferBytes(spillBufferBytes));
  }

  public static String toJson(String runId, DeadLetter d) {
    ObjectNode json = JSON.createObjectNode();
    json.put("run_id", runId);
    json.put("source", d.getSource());
    json.put("line", d.getLine());
    json.put("error_type", d.getErrorType());
    json.put("error_field", d.getErrorField());
    json.put("message", d.getMessage());
    json.put("raw", d.getRaw());
    try {
      return JSON.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
