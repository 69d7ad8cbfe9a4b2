package io.salespipelines.schemas.coders;

import static io.salespipelines.schemas.coders.RecordFields.readMoney;
import static io.salespipelines.schemas.coders.RecordFields.readNullableString;
import static io.salespipelines.schemas.coders.RecordFields.readString;
import static io.salespipelines.schemas.coders.RecordFields.writeMoney;
import static io.salespipelines.schemas.coders.RecordFields.writeNullableString;
import static io.salespipelines.schemas.coders.RecordFields.writeString;

import io.salespipelines.schemas.EnrichedSale;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.util.VarInt;

/**
 * {@link EnrichedSale} field by field. Every accepted sale is encoded and decoded several times on
 * Spark (each multi-output step and each collection read by several steps is cached, and each
 * reader decodes it again); the schema coder goes through a {@code Row} both ways and formats a
 * message per money value, which made coders a third of the Spark run's CPU samples.
 */
public final class EnrichedSaleCoder extends AtomicCoder<EnrichedSale> {
  private static final EnrichedSaleCoder INSTANCE = new EnrichedSaleCoder();

  public static EnrichedSaleCoder of() {
    return INSTANCE;
  }

  private EnrichedSaleCoder() {}

  @Override
  public void encode(EnrichedSale s, OutputStream out) throws IOException {
    writeString(s.getTransactionId(), out);
    writeString(s.getCustomerId(), out);
    writeNullableString(s.getCustomerFirstName(), out);
    writeNullableString(s.getCustomerLastName(), out);
    writeNullableString(s.getCustomerAddress(), out);
    writeNullableString(s.getCustomerPincode(), out);
    writeNullableString(s.getCustomerPhoneNumber(), out);
    writeString(s.getStoreId(), out);
    writeNullableString(s.getStoreName(), out);
    writeNullableString(s.getStoreLocation(), out);
    writeString(s.getProductId(), out);
    writeString(s.getSalesPersonId(), out);
    writeNullableString(s.getSalesPersonFirstName(), out);
    writeNullableString(s.getSalesPersonLastName(), out);
    writeString(s.getSalesDate(), out);
    VarInt.encode(s.getSalesYear(), out);
    VarInt.encode(s.getSalesMonth(), out);
    writeMoney(s.getTotalCost(), out);
    writeString(s.getAdditionalColumns(), out);
    writeString(s.getSource(), out);
    VarInt.encode(s.getLine(), out);
    writeString(s.getRaw(), out);
  }

  @Override
  public EnrichedSale decode(InputStream in) throws IOException {
    return EnrichedSale.builder()
        .setTransactionId(readString(in))
        .setCustomerId(readString(in))
        .setCustomerFirstName(readNullableString(in))
        .setCustomerLastName(readNullableString(in))
        .setCustomerAddress(readNullableString(in))
        .setCustomerPincode(readNullableString(in))
        .setCustomerPhoneNumber(readNullableString(in))
        .setStoreId(readString(in))
        .setStoreName(readNullableString(in))
        .setStoreLocation(readNullableString(in))
        .setProductId(readString(in))
        .setSalesPersonId(readString(in))
        .setSalesPersonFirstName(readNullableString(in))
        .setSalesPersonLastName(readNullableString(in))
        .setSalesDate(readString(in))
        .setSalesYear(VarInt.decodeInt(in))
        .setSalesMonth(VarInt.decodeInt(in))
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
