package io.salespipelines.transforms.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salespipelines.schemas.CdcEvent;
import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.transforms.write.WriteDeadLetters;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Writes {@code cdc_events} (SPEC 3.2): one flattened record per change, JSON lines or Parquet,
 * partitioned {@code dt=YYYY-MM-DD/hour=HH} by event time (UTC), in processing-time panes. The
 * output is the path of each file written.
 */
public class WriteCdcEvents extends PTransform<PCollection<CdcEvent>, PCollection<String>> {
  public enum Format {
    JSON,
    PARQUET
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DateTimeFormatter PARTITION =
      DateTimeFormatter.ofPattern("'dt='yyyy-MM-dd'/hour='HH").withZone(ZoneOffset.UTC);

  private final String directory;
  private final String spoolDirectory;
  private final String runId;
  private final Duration buffer;
  private final Format format;

  /** @param spoolDirectory where the records wait for their pane ({@link WritePaneFiles}) */
  public WriteCdcEvents(String directory, String spoolDirectory, String runId, Duration buffer, Format format) {
    this.directory = directory;
    this.spoolDirectory = spoolDirectory;
    this.runId = runId;
    this.buffer = buffer;
    this.format = format;
  }

  @Override
  public PCollection<String> expand(PCollection<CdcEvent> events) {
    return events
        .apply(
            "ByPartition",
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(CdcEvent.class)))
                .via((CdcEvent e) -> KV.of(partition(e), e)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), events.getCoder()))
        .apply(
            "WritePanes",
            new WritePaneFiles<>(
                directory, spoolDirectory, runId, buffer, format == Format.JSON ? new JsonLines() : new Parquet(), "cdc_events_written"));
  }

  /** The partition folder of an event: its UTC date and hour. */
  public static String partition(CdcEvent e) {
    return PARTITION.format(java.time.Instant.ofEpochSecond(e.getCreationTime()));
  }

  /** One cdc_events record as a JSON line; additional_attributes stays a JSON object. */
  public static String toJson(CdcEvent e) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("orderid", e.getOrderId());
    json.put("product_name", e.getProductName());
    json.put("quantity", e.getQuantity());
    json.put("price", e.getPrice());
    json.put("event_type", e.getEventType());
    json.put("creation_time", e.getCreationTime());
    json.put("sequence_number", e.getSequenceNumber());
    json.put("event_id", e.getEventId());
    try {
      JsonNode extra = MAPPER.readTree(e.getAdditionalAttributes());
      json.set("additional_attributes", extra);
      return MAPPER.writeValueAsString(json);
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
  }

  static void writeLines(List<String> lines, WritableByteChannel channel) throws IOException {
    try (OutputStream out = Channels.newOutputStream(channel)) {
      StringBuilder text = new StringBuilder();
      for (String line : lines) {
        text.append(line).append('\n');
      }
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  static final class JsonLines implements PaneFormat<CdcEvent> {
    @Override
    public String suffix() {
      return ".jsonl";
    }

    @Override
    public String mimeType() {
      return "application/x-ndjson";
    }

    @Override
    public void write(List<CdcEvent> records, WritableByteChannel channel) throws IOException {
      writeLines(records.stream().map(WriteCdcEvents::toJson).collect(java.util.stream.Collectors.toList()), channel);
    }

    @Override
    public String identity(CdcEvent record) {
      return record.getEventId();
    }
  }

  /** The Avro schema of the Parquet files: money as DECIMAL(18,2), the sequence number as text. */
  public static final Schema AVRO =
      SchemaBuilder.record("cdc_event").namespace("io.salespipelines.cdc").fields()
          .requiredString("orderid")
          .optionalString("product_name")
          .optionalLong("quantity")
          .name("price").type().unionOf().nullType().and()
              .type(LogicalTypes.decimal(18, 2).addToSchema(Schema.createFixed("decimal_18_2", null, null, 8))).endUnion().nullDefault()
          .requiredString("event_type")
          .requiredLong("creation_time")
          .requiredString("sequence_number")
          .requiredString("event_id")
          .requiredString("additional_attributes")
          .endRecord();

  static final class Parquet implements PaneFormat<CdcEvent> {
    @Override
    public String suffix() {
      return ".parquet";
    }

    @Override
    public String mimeType() {
      return "application/octet-stream";
    }

    @Override
    public void write(List<CdcEvent> records, WritableByteChannel channel) throws IOException {
      Schema decimal = AVRO.getField("price").schema().getTypes().get(1);
      Conversions.DecimalConversion conversion = new Conversions.DecimalConversion();
      ParquetIO.Sink sink = ParquetIO.sink(AVRO);
      sink.open(channel);
      for (CdcEvent e : records) {
        GenericRecord r = new GenericData.Record(AVRO);
        r.put("orderid", e.getOrderId());
        r.put("product_name", e.getProductName());
        r.put("quantity", e.getQuantity());
        Object price =
            e.getPrice() == null ? null : conversion.toFixed(e.getPrice(), decimal, decimal.getLogicalType());
        r.put("price", price);
        r.put("event_type", e.getEventType());
        r.put("creation_time", e.getCreationTime());
        r.put("sequence_number", e.getSequenceNumber());
        r.put("event_id", e.getEventId());
        r.put("additional_attributes", e.getAdditionalAttributes());
        sink.write(r);
      }
      // flush() closes the channel (ParquetIO's sink); it must not be closed twice.
      sink.flush();
    }

    @Override
    public String identity(CdcEvent record) {
      return record.getEventId();
    }
  }

  /** Dead letters (SPEC 1.3 fields plus run_id) as JSON lines, in the same processing-time panes. */
  public static final class DeadLetterLines implements PaneFormat<DeadLetter> {
    private final String runId;

    public DeadLetterLines(String runId) {
      this.runId = runId;
    }

    @Override
    public String suffix() {
      return ".jsonl";
    }

    @Override
    public String mimeType() {
      return "application/x-ndjson";
    }

    @Override
    public void write(List<DeadLetter> records, WritableByteChannel channel) throws IOException {
      writeLines(
          records.stream().map(d -> WriteDeadLetters.toJson(runId, d)).collect(java.util.stream.Collectors.toList()),
          channel);
    }

    @Override
    public String identity(DeadLetter d) {
      return d.getSource() + ":" + d.getLine() + ":" + d.getRaw().hashCode();
    }
  }
}
