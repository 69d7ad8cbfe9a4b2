package io.salespipelines.transforms.marts;

import io.salespipelines.schemas.EnrichedSale;
import io.salespipelines.schemas.SalesTeamMartRow;
import io.salespipelines.schemas.coders.SalesTeamMartRowCoder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Table sales_team_mart: each accepted sale with its sales person's details. */
public class ToSalesTeamMart
    extends PTransform<PCollection<EnrichedSale>, PCollection<SalesTeamMartRow>> {
  @Override
  public PCollection<SalesTeamMartRow> expand(PCollection<EnrichedSale> sales) {
    return sales.apply(
        "Project",
        MapElements.into(TypeDescriptor.of(SalesTeamMartRow.class))
            .via(
                (EnrichedSale s) ->
                    SalesTeamMartRow.create(
                        s.getTransactionId(), s.getSalesPersonId(), s.getSalesPersonFirstName(),
                        s.getSalesPersonLastName(), s.getStoreId(), s.getSalesDate(), s.getTotalCost())))
        // The partitioned writer spills and re-reads every row with this coder.
        .setCoder(SalesTeamMartRowCoder.of());
  }
}
