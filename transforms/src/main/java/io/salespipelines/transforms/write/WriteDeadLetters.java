package io.salespipelines.transforms.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipelines.schemas.DeadLetter;
import java.io.UncheckedIOException;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;

/** Writes dead letters as JSON lines (run_id, source, line, error_type, error_field, message, raw). */
public class WriteDeadLetters extends PTransform<PCollection<DeadLetter>, PDone> {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String runId;
  private final String directory;
  private final String filePrefix;

  public WriteDeadLetters(String runId, String directory, String filePrefix) {
    this.runId = runId;
    this.directory = directory;
    this.filePrefix = filePrefix;
  }

  @Override
  public PDone expand(PCollection<DeadLetter> deadLetters) {
    String run = runId;
    return deadLetters
        .apply("ToJson", MapElements.into(TypeDescriptors.strings()).via(d -> toJson(run, d)))
        .apply(
            "Write dead_letter",
            TextIO.write()
                .to(directory + "/" + filePrefix)
                .withSuffix(".jsonl")
                .withNumShards(1));
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
