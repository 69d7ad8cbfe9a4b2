package io.salespipelines.schemas.coders;

import static io.salespipelines.schemas.coders.RecordFields.readBoolean;
import static io.salespipelines.schemas.coders.RecordFields.readMoney;
import static io.salespipelines.schemas.coders.RecordFields.readString;
import static io.salespipelines.schemas.coders.RecordFields.writeBoolean;
import static io.salespipelines.schemas.coders.RecordFields.writeMoney;
import static io.salespipelines.schemas.coders.RecordFields.writeString;

import io.salespipelines.schemas.SalesTransaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.util.VarInt;

/** {@link SalesTransaction} field by field, for the reason given at {@link EnrichedSaleCoder}. */
public final class SalesTransactionCoder extends AtomicCoder<SalesTransaction> {
  private static final SalesTransactionCoder INSTANCE = new SalesTransactionCoder();

  public static SalesTransactionCoder of() {
    return INSTANCE;
  }

  private SalesTransactionCoder() {}

  @Override
  public void encode(SalesTransaction s, OutputStream out) throws IOException {
    writeString(s.getTransactionId(), out);
    writeString(s.getCustomerId(), out);
    writeString(s.getStoreId(), out);
    writeBoolean(s.getProductById(), out);
    writeString(s.getProductKey(), out);
    writeString(s.getSalesPersonId(), out);
    writeString(s.getSalesDate(), out);
    writeMoney(s.getPrice(), out);
    VarInt.encode(s.getQuantity(), out);
    writeMoney(s.getTotalCost(), out);
    writeString(s.getAdditionalColumns(), out);
    writeString(s.getSource(), out);
    VarInt.encode(s.getLine(), out);
    writeString(s.getRaw(), out);
  }

  @Override
  public SalesTransaction decode(InputStream in) throws IOException {
    return SalesTransaction.builder()
        .setTransactionId(readString(in))
        .setCustomerId(readString(in))
        .setStoreId(readString(in))
        .setProductById(readBoolean(in))
        .setProductKey(readString(in))
        .setSalesPersonId(readString(in))
        .setSalesDate(readString(in))
        .setPrice(readMoney(in))
        .setQuantity(VarInt.decodeInt(in))
        .setTotalCost(readMoney(in))
        .setAdditionalColumns(readString(in))
        .setSource(readString(in))
        .setLine(VarInt.decodeLong(in))
        .setRaw(readString(in))
        .build();
  }

  @Override
  public void verifyDeterministic() {}
}
