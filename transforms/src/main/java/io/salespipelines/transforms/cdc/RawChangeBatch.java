package io.salespipelines.transforms.cdc;

import com.google.auto.value.AutoValue;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/**
 * Consecutive records of one file, read as one element. The Direct runner reads an unbounded source
 * ten elements per bundle and pays a fixed cost per bundle in every step, so one element per record
 * held it to about a hundred records a second; {@link ReadWatchedFolder} splits the batches again.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class RawChangeBatch {
  public abstract List<RawChange> getRecords();

  public static RawChangeBatch of(List<RawChange> records) {
    return new AutoValue_RawChangeBatch(records);
  }
}
