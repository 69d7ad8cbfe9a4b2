package io.salespipelines.pipelines.generate;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.SplittableRandom;

/** Writes the four dimension CSVs of SPEC 1.1 under {@code dimensions/}. */
final class DimensionFiles {
  /** Every this many customers one gets a two-line address (a quoted field spanning lines). */
  private static final int MULTI_LINE_ADDRESS_EVERY = 500;

  private final Dimensions dims;
  private final LocalDate start;
  private final SplittableRandom rng;
  private final Output out;

  DimensionFiles(Dimensions dims, LocalDate start, SplittableRandom rng, Output out) {
    this.dims = dims;
    this.start = start;
    this.rng = rng;
    this.out = out;
  }

  void writeAll() throws IOException {
    writeStores();
    writeCustomers();
    writeSalesTeam();
    writeProducts();
  }

  private void writeStores() throws IOException {
    try (CsvWriter csv = open("stores.csv")) {
      csv.writeRecord("store_id", "store_name", "location", "manager_name");
      for (int s = 0; s < dims.stores; s++) {
        String location = Names.pick(rng, Names.CITIES);
        String town = location.split(",")[0];
        String manager = s < dims.salesPeople
            ? dims.teamFirstName(s) + " " + dims.teamLastName(s)
            : Names.pick(rng, Names.FIRST) + " " + Names.pick(rng, Names.LAST);
        csv.writeRecord(Dimensions.storeId(s), town + " " + Names.pick(rng, Names.STORE_KINDS),
            location, manager);
      }
    }
  }

  private void writeCustomers() throws IOException {
    try (CsvWriter csv = open("customers.csv")) {
      csv.writeRecord("customer_id", "first_name", "last_name", "address", "pincode",
          "phone_number", "customer_joining_date");
      for (int c = 0; c < dims.customers; c++) {
        csv.writeRecord(Dimensions.customerId(c), Names.pick(rng, Names.FIRST),
            Names.pick(rng, Names.LAST), address(c % MULTI_LINE_ADDRESS_EVERY == 3), pincode(),
            "+1 (555) " + Dimensions.pad(rng.nextInt(1000), 3) + "-"
                + Dimensions.pad(rng.nextInt(10000), 4),
            joiningDate());
      }
    }
  }

  private void writeSalesTeam() throws IOException {
    try (CsvWriter csv = open("sales_team.csv")) {
      csv.writeRecord("id", "first_name", "last_name", "manager_id", "is_manager", "address",
          "pincode", "joining_date");
      for (int p = 0; p < dims.salesPeople; p++) {
        boolean manager = dims.isManager(p);
        csv.writeRecord(Dimensions.salesPersonId(p), dims.teamFirstName(p), dims.teamLastName(p),
            manager ? "" : Dimensions.salesPersonId(dims.storeOf(p)), Boolean.toString(manager),
            address(false), pincode(), joiningDate());
      }
    }
  }

  private void writeProducts() throws IOException {
    try (CsvWriter csv = open("products.csv")) {
      csv.writeRecord("product_id", "name", "category", "brand", "current_price");
      for (int k = 0; k < dims.products; k++) {
        String price = BigDecimal.valueOf(dims.productCents(k), 2).toPlainString();
        csv.writeRecord(Dimensions.productId(k), dims.productName(k), dims.productCategory(k),
            Names.pick(rng, Names.BRANDS), price);
      }
    }
  }

  private String address(boolean twoLines) {
    String street = (1 + rng.nextInt(300)) + " " + Names.pick(rng, Names.STREETS);
    String city = Names.pick(rng, Names.CITIES);
    return twoLines ? "Flat " + (1 + rng.nextInt(40)) + "\n" + street + ", " + city
        : street + ", " + city;
  }

  /** Postal codes are text: some start with 0 and must stay that way. */
  private String pincode() {
    return Dimensions.pad(rng.nextInt(100_000), 5);
  }

  private String joiningDate() {
    return start.minusDays(1 + rng.nextInt(2000)).toString();
  }

  private CsvWriter open(String name) throws IOException {
    return CsvWriter.builder()
        .lineDelimiter(LineDelimiter.LF)
        .build(new OutputStreamWriter(out.create("dimensions/" + name), StandardCharsets.UTF_8));
  }
}
