package io.salespipelines.transforms.state;

import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.schemas.Tables;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Reads the sales that earlier runs over the same output accepted ({@code _state/accepted_sales}).
 * No files yet is an empty collection, as for a first run.
 */
public class ReadAcceptedSales extends PTransform<PBegin, PCollection<EnrichedSale>> {
  /** The state keeps no raw text or extra columns: earlier rows only feed aggregates and checks. */
  private static final Map<String, Object> NOT_KEPT = Map.of("raw", "", "additionalColumns", "{}");

  private final String filepattern;

  public ReadAcceptedSales(String filepattern) {
    this.filepattern = filepattern;
  }

  @Override
  public PCollection<EnrichedSale> expand(PBegin begin) {
    return begin
        .apply(
            "MatchStateFiles",
            FileIO.match().filepattern(filepattern).withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW))
        .apply("OpenStateFiles", FileIO.readMatches())
        .apply(
            "ReadStateFiles",
            ParquetIO.readFiles(Tables.ACCEPTED_SALES.avroSchema()).withAvroDataModel(GenericData.get()))
        .apply(
            "ToSales",
            MapElements.into(TypeDescriptor.of(EnrichedSale.class))
                .via(record -> Tables.ACCEPTED_SALES.fromAvro(record, NOT_KEPT)));
  }
}
