package io.salespipelines.schemas.coders;

import static io.salespipelines.schemas.coders.RecordFields.readMoney;
import static io.salespipelines.schemas.coders.RecordFields.readNullableString;
import static io.salespipelines.schemas.coders.RecordFields.readString;
import static io.salespipelines.schemas.coders.RecordFields.writeMoney;
import static io.salespipelines.schemas.coders.RecordFields.writeNullableString;
import static io.salespipelines.schemas.coders.RecordFields.writeString;

import io.salespipelines.schemas.SalesTeamMartRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * {@link SalesTeamMartRow} field by field: the partitioned writer spills every row with it and reads
 * it back (see {@link EnrichedSaleCoder} for why not the schema coder).
 */
public final class SalesTeamMartRowCoder extends AtomicCoder<SalesTeamMartRow> {
  private static final SalesTeamMartRowCoder INSTANCE = new SalesTeamMartRowCoder();

  public static SalesTeamMartRowCoder of() {
    return INSTANCE;
  }

  private SalesTeamMartRowCoder() {}

  @Override
  public void encode(SalesTeamMartRow r, OutputStream out) throws IOException {
    writeString(r.getTransactionId(), out);
    writeString(r.getSalesPersonId(), out);
    writeNullableString(r.getFirstName(), out);
    writeNullableString(r.getLastName(), out);
    writeString(r.getStoreId(), out);
    writeString(r.getSalesDate(), out);
    writeMoney(r.getTotalCost(), out);
  }

  @Override
  public SalesTeamMartRow decode(InputStream in) throws IOException {
    return SalesTeamMartRow.create(
        readString(in), readString(in), readNullableString(in), readNullableString(in), readString(in),
        readString(in), readMoney(in));
  }

  @Override
  public void verifyDeterministic() {}
}
