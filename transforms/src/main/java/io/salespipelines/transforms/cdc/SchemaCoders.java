package io.salespipelines.transforms.cdc;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.SchemaCoder;

/** The schema coder of a {@code @DefaultSchema} type, for outputs Beam cannot infer (inside a KV). */
public final class SchemaCoders {
  private SchemaCoders() {}

  public static <T> SchemaCoder<T> of(Pipeline pipeline, Class<T> type) {
    try {
      return pipeline.getSchemaRegistry().getSchemaCoder(type);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException(type + " has no schema", e);
    }
  }
}
