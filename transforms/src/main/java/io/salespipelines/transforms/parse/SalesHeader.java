package io.salespipelines.transforms.parse;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each contract column sits in a file's header. A canonical name beats its alias; a column
 * that maps to nothing (or repeats one already mapped) is an additional column.
 */
final class SalesHeader {
  /** Mandatory columns, in the order their absence is reported. */
  static final List<SalesColumn> MANDATORY =
      List.of(
          SalesColumn.CUSTOMER_ID,
          SalesColumn.STORE_ID,
          SalesColumn.SALES_PERSON_ID,
          SalesColumn.SALES_DATE,
          SalesColumn.PRICE,
          SalesColumn.QUANTITY,
          SalesColumn.TOTAL_COST);

  final Map<SalesColumn, Integer> positions;
  /** Positions of the additional columns, with their names as written in the header. */
  final List<Integer> extraPositions;

  final List<String> extraNames;

  private SalesHeader(
      Map<SalesColumn, Integer> positions, List<Integer> extraPositions, List<String> extraNames) {
    this.positions = positions;
    this.extraPositions = extraPositions;
    this.extraNames = extraNames;
  }

  static SalesHeader of(List<String> names) {
    Map<SalesColumn, Integer> positions = new EnumMap<>(SalesColumn.class);
    for (int i = 0; i < names.size(); i++) {
      SalesColumn c = SalesColumn.forName(names.get(i));
      if (c != null) {
        positions.putIfAbsent(c, i);
      }
    }
    for (int i = 0; i < names.size(); i++) {
      SalesColumn alias = SalesColumn.forAlias(names.get(i));
      if (alias != null) {
        positions.putIfAbsent(alias, i);
      }
    }
    Set<Integer> used = Set.copyOf(positions.values());
    List<Integer> extraPositions = new ArrayList<>();
    List<String> extraNames = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (!used.contains(i)) {
        extraPositions.add(i);
        extraNames.add(names.get(i).trim());
      }
    }
    return new SalesHeader(positions, extraPositions, extraNames);
  }

  /** The mandatory columns this header lacks, by their contract names; empty when complete. */
  List<String> missingColumns() {
    return missingColumns(positions.keySet());
  }

  static List<String> missingColumns(Set<SalesColumn> present) {
    List<String> missing = new ArrayList<>();
    for (SalesColumn c : MANDATORY) {
      if (!present.contains(c)) {
        missing.add(c.columnName());
      }
      if (c == SalesColumn.STORE_ID
          && !present.contains(SalesColumn.PRODUCT_ID)
          && !present.contains(SalesColumn.PRODUCT_NAME)) {
        missing.add("product_id (or product_name)");
      }
    }
    return missing;
  }
}
