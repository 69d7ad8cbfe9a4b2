package io.salespipelines.transforms.testing;

import io.salespipelines.transforms.dimensions.Dimensions;
import io.salespipelines.transforms.dimensions.ReadDimensions;
import java.io.IOException;
import org.apache.beam.sdk.Pipeline;
import org.junit.rules.TemporaryFolder;

/** A small dimension folder: stores S1,S2; customers C1,C2; products P1 "Green Tea", P2; sales people SP1,SP2. */
public final class Dims {
  private Dims() {}

  public static String write(TemporaryFolder tmp) throws IOException {
    java.io.File dir = tmp.newFolder("dimensions");
    java.nio.file.Path d = dir.toPath();
    java.nio.file.Files.writeString(
        d.resolve("stores.csv"),
        "store_id,store_name,location,manager_name\nS1,\"Main, Street\",Berlin,Ann\nS2,Mall,,Bob\n");
    java.nio.file.Files.writeString(
        d.resolve("customers.csv"),
        "customer_id,first_name,last_name,address,pincode,phone_number,customer_joining_date\n"
            + "C1,Zoë,O'Brien,\"1 Road, Town\",111,555-1,2020-01-01\nC2,Al,Smith,,222,,2021-01-01\n");
    java.nio.file.Files.writeString(
        d.resolve("products.csv"),
        "product_id,name,category,brand,current_price\nP1,Green Tea,drinks,Acme,3.50\nP2,Bread,bakery,Acme,2.00\n");
    java.nio.file.Files.writeString(
        d.resolve("sales_team.csv"),
        "id,first_name,last_name,manager_id,is_manager,address,pincode,joining_date\n"
            + "SP1,Kim,Lee,,Y,x,1,2020-01-01\nSP2,Sam,Roe,SP1,N,y,2,2020-01-01\n");
    return dir.getAbsolutePath();
  }

  public static Dimensions read(Pipeline p, String dir) {
    return p.apply("ReadDimensions", new ReadDimensions(dir));
  }
}
