package io.salespipelines.schemas.coders;

import static io.salespipelines.schemas.coders.RecordFields.readBoolean;
import static io.salespipelines.schemas.coders.RecordFields.readNullableString;
import static io.salespipelines.schemas.coders.RecordFields.readString;
import static io.salespipelines.schemas.coders.RecordFields.writeBoolean;
import static io.salespipelines.schemas.coders.RecordFields.writeNullableString;
import static io.salespipelines.schemas.coders.RecordFields.writeString;

import io.salespipelines.schemas.SalesLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.util.VarInt;

/** {@link SalesLine} field by field, for the reason given at {@link EnrichedSaleCoder}. */
public final class SalesLineCoder extends AtomicCoder<SalesLine> {
  private static final SalesLineCoder INSTANCE = new SalesLineCoder();

  public static SalesLineCoder of() {
    return INSTANCE;
  }

  private SalesLineCoder() {}

  @Override
  public void encode(SalesLine s, OutputStream out) throws IOException {
    writeString(s.getSource(), out);
    VarInt.encode(s.getLine(), out);
    writeString(s.getRaw(), out);
    writeNullableString(s.getTransactionId(), out);
    writeNullableString(s.getCustomerId(), out);
    writeNullableString(s.getStoreId(), out);
    writeBoolean(s.getProductById(), out);
    writeNullableString(s.getProductId(), out);
    writeNullableString(s.getProductName(), out);
    writeNullableString(s.getSalesPersonId(), out);
    writeNullableString(s.getSalesDate(), out);
    writeNullableString(s.getPrice(), out);
    writeNullableString(s.getQuantity(), out);
    writeNullableString(s.getTotalCost(), out);
    writeString(s.getAdditionalColumns(), out);
  }

  @Override
  public SalesLine decode(InputStream in) throws IOException {
    return SalesLine.builder()
        .setSource(readString(in))
        .setLine(VarInt.decodeLong(in))
        .setRaw(readString(in))
        .setTransactionId(readNullableString(in))
        .setCustomerId(readNullableString(in))
        .setStoreId(readNullableString(in))
        .setProductById(readBoolean(in))
        .setProductId(readNullableString(in))
        .setProductName(readNullableString(in))
        .setSalesPersonId(readNullableString(in))
        .setSalesDate(readNullableString(in))
        .setPrice(readNullableString(in))
        .setQuantity(readNullableString(in))
        .setTotalCost(readNullableString(in))
        .setAdditionalColumns(readString(in))
        .build();
  }

  @Override
  public void verifyDeterministic() {}
}
