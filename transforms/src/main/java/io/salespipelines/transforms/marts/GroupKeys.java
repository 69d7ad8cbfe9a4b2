package io.salespipelines.transforms.marts;

import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.coders.BigDecimalCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import java.math.BigDecimal;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Grouping keys for the aggregates: the grouping columns as a list of (nullable) strings. Columns
 * that depend on the key (names, location) ride along in it, so no second lookup is needed.
 */
final class GroupKeys {
  static final Coder<List<String>> KEY_CODER = ListCoder.of(NullableCoder.of(StringUtf8Coder.of()));
  static final Coder<KV<List<String>, BigDecimal>> KEYED_MONEY =
      KvCoder.of(KEY_CODER, BigDecimalCoder.of());

  static final TypeDescriptor<KV<List<String>, BigDecimal>> KEYED_MONEY_TYPE =
      new TypeDescriptor<KV<List<String>, BigDecimal>>() {};

  private GroupKeys() {}

  static List<String> of(String... columns) {
    return Arrays.asList(columns);
  }
}
