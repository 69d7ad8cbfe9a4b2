package io.salespipelines.pipelines.cdc;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;

import io.salespipelines.pipelines.publish.CatalogTable;
import io.salespipelines.pipelines.publish.CatalogView;
import io.salespipelines.transforms.cdc.WriteCdcEvents;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.Test;

/** The tables and views of orders-cdc's catalog; {@code CdcCatalogInSparkSqlTest} (query-tests) runs them. */
public class CdcPublishableTest {
  private static List<String> columns(CatalogTable table) {
    return table.columns().stream().map(c -> c.name + " " + c.hiveType).collect(Collectors.toList());
  }

  @Test
  public void jsonLinesLeaveTheNestedAttributesOutAndParquetHasThemAsText() {
    CatalogTable json = new CdcPublishable(WriteCdcEvents.Format.JSON, null).catalogTables().get(0);
    CatalogTable parquet = new CdcPublishable(WriteCdcEvents.Format.PARQUET, null).catalogTables().get(0);
    List<String> common = List.of("orderid STRING", "product_name STRING", "quantity BIGINT", "price DECIMAL(18,2)",
        "event_type STRING", "creation_time BIGINT", "sequence_number STRING", "event_id STRING");
    assertEquals(common, columns(json));
    assertEquals(CatalogTable.Format.JSON_LINES, json.format());
    assertEquals(CatalogTable.Format.PARQUET, parquet.format());
    assertEquals("additional_attributes STRING", columns(parquet).get(common.size()));
    assertEquals(common, columns(parquet).subList(0, common.size()));
    assertEquals(List.of("dt", "hour"), json.partitionColumns());
    assertEquals("dead_letter", new CdcPublishable(WriteCdcEvents.Format.JSON, null).catalogTables().get(1).name());
  }

  @Test
  public void ordersLiveOrdersSequenceNumbersAsIntegersOfUpToFortyDigits() {
    CatalogView live = new CdcPublishable(WriteCdcEvents.Format.JSON, null).catalogViews("db").get(0);
    assertEquals("orders_live", live.name());
    // DECIMAL(38,0) would overflow at 39 digits: a longer number is larger, equal lengths compare as text.
    assertThat(live.query(), containsString("ORDER BY length(sequence_number) DESC, sequence_number DESC"));
    assertThat(live.query(), containsString("event_type <> 'REMOVE'"));
    assertThat(live.query(), containsString("FROM db.cdc_events"));
  }
}
