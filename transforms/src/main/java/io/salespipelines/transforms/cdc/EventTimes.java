package io.salespipelines.transforms.cdc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The event time of a change record's text, found with Jackson's streaming parser: the source
 * needs only {@code dynamodb.ApproximateCreationDateTime} (for its watermark), and building the
 * whole tree for it, before {@link ChangeRecordParser} builds it again, cost a second full parse.
 */
final class EventTimes {
  private EventTimes() {}

  /** ApproximateCreationDateTime in epoch milliseconds (whole seconds), or null if absent or invalid. */
  static @Nullable Long creationMillis(String text) {
    try (JsonParser p = ChangeRecordParser.JSON.getFactory().createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("dynamodb".equals(name) && value == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String inner = p.currentName();
            p.nextToken();
            if ("ApproximateCreationDateTime".equals(inner)) {
              JsonNode created = p.readValueAsTree();
              return created == null ? null : ChangeRecordParser.creationSeconds(created) * 1000L;
            }
            p.skipChildren();
          }
          return null;
        }
        p.skipChildren();
      }
      return null;
    } catch (Exception e) {
      // Not a valid change: it becomes a dead letter; its time does not matter.
      return null;
    }
  }
}
