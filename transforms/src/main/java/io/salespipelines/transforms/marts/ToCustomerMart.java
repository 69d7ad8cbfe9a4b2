package io.salespipelines.transforms.marts;

import io.salespipelines.schemas.CustomerMartRow;
import io.salespipelines.schemas.EnrichedSale;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Table customer_mart: each accepted sale with its customer's details. */
public class ToCustomerMart extends PTransform<PCollection<EnrichedSale>, PCollection<CustomerMartRow>> {
  @Override
  public PCollection<CustomerMartRow> expand(PCollection<EnrichedSale> sales) {
    return sales.apply(
        "Project",
        MapElements.into(TypeDescriptor.of(CustomerMartRow.class))
            .via(
                (EnrichedSale s) ->
                    CustomerMartRow.create(
                        s.getTransactionId(), s.getCustomerId(), s.getCustomerFirstName(),
                        s.getCustomerLastName(), s.getCustomerAddress(), s.getCustomerPincode(),
                        s.getCustomerPhoneNumber(), s.getSalesDate(), s.getTotalCost(),
                        s.getAdditionalColumns())));
  }
}
