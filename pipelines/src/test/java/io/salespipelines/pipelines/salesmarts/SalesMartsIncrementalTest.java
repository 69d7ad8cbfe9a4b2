package io.salespipelines.pipelines.salesmarts;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.salespipelines.pipelines.Main;
import io.salespipelines.pipelines.TableRows;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A run merges its partial sums into the marts earlier runs left (SPEC 1.4, issue 12): three runs
 * over a landing zone that grows by a file each day end with exactly the tables and database of one
 * run over all three files, on the Direct and on the Spark runner. The days are made so that the
 * merge matters: an id accepted on day 1 comes again on days 2 and 3 (a duplicate across runs, with
 * another amount), day 2 moves the top sales person of a store-month day 1 ranked (the incentive
 * goes from one person to another), day 3 ties a month day 1 had alone, and an untouched month
 * keeps its rows.
 */
public class SalesMartsIncrementalTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  // Money keeps its scale (110.00, not 110.0).
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  private static final String HEADER =
      "transaction_id,customer_id,store_id,product_id,sales_person_id,sales_date,price,quantity,total_cost\n";
  private static final Map<String, String> DAYS =
      Map.of(
          "day1.csv",
          HEADER
              + "T1,C1,S1,P1,SP1,2025-06-03,100.00,1,100.00\n"
              + "T2,C2,S1,P2,SP2,2025-06-04,40.00,2,80.00\n"
              + "T3,C1,S2,P1,SP3,2025-07-01,10.00,1,10.00\n"
              + "T1,C2,S1,P1,SP1,2025-06-05,5.00,1,5.00\n"
              + "T4,C3,S1,P2,SP1,2025-05-30,2.50,2,5.00\n",
          "day2.csv",
          HEADER
              + "T5,C2,S1,P2,SP2,2025-06-20,30.00,1,30.00\n"
              + "T1,C1,S1,P1,SP1,2025-06-21,999.00,1,999.00\n"
              + "T6,C3,S2,P2,SP3,2025-08-02,12.50,2,25.00\n",
          "day3.jsonl",
          "{\"transaction_id\":\"T7\",\"customer_id\":\"C3\",\"store_id\":\"S2\",\"product_id\":\"P1\","
              + "\"sales_person_id\":\"SP4\",\"sales_date\":\"2025-07-15T10:00:00Z\",\"price\":\"10.00\","
              + "\"quantity\":1,\"total_cost\":\"10.00\"}\n"
              + "{\"transaction_id\":\"T2\",\"customer_id\":\"C2\",\"store_id\":\"S1\",\"product_id\":\"P2\","
              + "\"sales_person_id\":\"SP2\",\"sales_date\":\"2025-06-04\",\"price\":\"40.00\","
              + "\"quantity\":2,\"total_cost\":\"80.00\"}\n"
              + "{\"transaction_id\":\"T8\",\"customer_id\":\"C9\",\"store_id\":\"S1\",\"product_id\":\"P1\","
              + "\"sales_person_id\":\"SP1\",\"sales_date\":\"2025-06-30\",\"price\":\"1.00\","
              + "\"quantity\":1,\"total_cost\":\"1.00\"}\n"
              + "{\"transaction_id\":\"T9\",\"customer_id\":\"C1\",\"store_id\":\"S1\",\"product_id\":\"P1\","
              + "\"sales_person_id\":\"SP1\",\"sales_date\":\"2025-06-30\",\"price\":\"0.01\","
              + "\"quantity\":1,\"total_cost\":\"0.01\"}\n");
  private static final List<String> ORDER = List.of("day1.csv", "day2.csv", "day3.jsonl");

  private static Path dimensions;
  private static String previousUi;

  @BeforeClass
  public static void dimensions() throws Exception {
    previousUi = System.setProperty("spark.ui.enabled", "false");
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    dimensions = TMP.newFolder("dimensions").toPath();
    Files.writeString(dimensions.resolve("stores.csv"),
        "store_id,store_name,location,manager_name\nS1,North,Oslo,Kari\nS2,South,Bergen,Ola\n");
    Files.writeString(dimensions.resolve("customers.csv"),
        "customer_id,first_name,last_name,address,pincode,phone_number,customer_joining_date\n"
            + "C1,Ann,Lee,1 Road,1000,555,2024-01-01\nC2,Bo,Kim,2 Road,2000,556,2024-01-02\n"
            + "C3,Cy,Ng,3 Road,3000,557,2024-01-03\n");
    Files.writeString(dimensions.resolve("sales_team.csv"),
        "id,first_name,last_name,manager_id,is_manager,address,pincode,joining_date\n"
            + "SP1,Dag,Berg,,true,4 Road,4000,2023-01-01\nSP2,Eva,Dahl,SP1,false,5 Road,5000,2023-01-02\n"
            + "SP3,Finn,Moe,,true,6 Road,6000,2023-01-03\nSP4,Gro,Aas,SP3,false,7 Road,7000,2023-01-04\n");
    Files.writeString(dimensions.resolve("products.csv"),
        "product_id,name,category,brand,current_price\nP1,Kettle,Home,Acme,100.00\nP2,Toaster,Home,Acme,40.00\n");
  }

  @AfterClass
  public static void restoreUi() {
    if (previousUi == null) {
      System.clearProperty("spark.ui.enabled");
    } else {
      System.setProperty("spark.ui.enabled", previousUi);
    }
  }

  private static String run(Path landing, Path output, String... runner) {
    List<String> args = new ArrayList<>(List.of("sales-marts", "--input=" + landing, "--output=" + output,
        "--dimensions=" + dimensions));
    args.addAll(List.of(runner));
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(sink, true, StandardCharsets.UTF_8);
    int code = Main.run(args.toArray(new String[0]), ps, ps);
    String said = sink.toString(StandardCharsets.UTF_8);
    assertThat(said, code, equalTo(0));
    return said;
  }

  /** Day by day into one output, then all days at once into another; both outputs. */
  private static Path[] dayByDayAndAllAtOnce(String name, String... runner) throws Exception {
    Path growing = TMP.newFolder(name + "-landing").toPath();
    Path dayByDay = TMP.newFolder(name + "-day-by-day").toPath();
    List<String> said = new ArrayList<>();
    for (String day : ORDER) {
      Files.writeString(growing.resolve(day), DAYS.get(day));
      said.add(run(growing, dayByDay, runner));
    }
    assertThat(said.get(1), containsString("3 rows read: 2 valid, 1 dead letters {duplicate=1}"));
    Path all = TMP.newFolder(name + "-all-landing").toPath();
    for (String day : ORDER) {
      Files.writeString(all.resolve(day), DAYS.get(day));
    }
    Path atOnce = TMP.newFolder(name + "-at-once").toPath();
    run(all, atOnce, runner);
    return new Path[] {dayByDay, atOnce};
  }

  private static void assertSameMarts(OutputSnapshot dayByDay, OutputSnapshot atOnce) {
    for (String table : OutputSnapshot.TABLES) {
      assertThat(table, dayByDay.tables.get(table), equalTo(atOnce.tables.get(table)));
    }
    assertThat("database", dayByDay.database, equalTo(atOnce.database));
    // Same records rejected for the same reasons (the landing folders differ).
    assertThat(fileNames(dayByDay.deadLetters), equalTo(fileNames(atOnce.deadLetters)));
  }

  private static List<String> fileNames(List<String> deadLetters) {
    return deadLetters.stream().map(d -> d.substring(d.lastIndexOf('/') + 1)).sorted().collect(Collectors.toList());
  }

  /** What the days add up to, worked out by hand: the merge had something to get right. */
  private static void assertTheMergeMattered(Path dayByDay) throws Exception {
    assertThat(
        TableRows.parquetRows(dayByDay.resolve("sales_team_incentive")).stream()
            .map(SalesMartsIncrementalTest::incentive)
            .collect(Collectors.toList()),
        equalTo(
            List.of(
                "S1 SP1 2025-5 5.00 0.05",
                // Day 1 made SP1 the top of S1 in June (100.00 to 80.00); day 2 made SP2 the top.
                "S1 SP1 2025-6 100.01 0.00",
                "S1 SP2 2025-6 110.00 1.10",
                // Day 3 ties July of S2, which day 1 had to SP3 alone: both are the top.
                "S2 SP3 2025-7 10.00 0.10",
                "S2 SP3 2025-8 25.00 0.25",
                "S2 SP4 2025-7 10.00 0.10")));
    assertThat(
        fileNames(OutputSnapshot.of(dayByDay).deadLetters),
        equalTo(
            List.of("day1.csv:5 duplicate", "day2.csv:3 duplicate", "day3.jsonl:2 duplicate",
                "day3.jsonl:3 unknown_customer")));
  }

  private static String incentive(String row) {
    try {
      JsonNode r = JSON.readTree(row.substring(row.indexOf('{')));
      return r.get("store_id").asText() + " " + r.get("sales_person_id").asText() + " " + r.get("year").asInt()
          + "-" + r.get("month").asInt() + " " + r.get("total_sales").decimalValue().toPlainString() + " "
          + r.get("incentive").decimalValue().toPlainString();
    } catch (Exception e) {
      throw new IllegalStateException(row, e);
    }
  }

  /** Day 3 also rewrites the small files of days 1 and 2 into one per folder (compaction). */
  @Test
  public void daysOnTheDirectRunnerEndLikeOneRunOverAllDays() throws Exception {
    Path[] out = dayByDayAndAllAtOnce("direct", "--compactAfterRuns=2");
    assertSameMarts(OutputSnapshot.of(out[0]), OutputSnapshot.of(out[1]));
    assertTheMergeMattered(out[0]);
    assertCompacted(out[0]);
  }

  /** customer_mart: day 3's files beside one rewritten from those of days 1 and 2. */
  private static void assertCompacted(Path dayByDay) throws Exception {
    try (Stream<Path> files = Files.list(dayByDay.resolve("customer_mart"))) {
      List<String> names = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".parquet"))
          .collect(Collectors.toList());
      List<String> compacted = names.stream().filter(n -> n.endsWith("-compacted.parquet")).collect(Collectors.toList());
      assertThat(names.toString(), compacted.size(), equalTo(1));
      String dayThree = compacted.get(0).substring(0, compacted.get(0).length() - "-compacted.parquet".length());
      assertThat("no file of days 1 and 2 is left: " + names, names.stream().allMatch(n -> n.startsWith(dayThree)), equalTo(true));
    }
  }

  /** The Direct runner's form for large runs, each pass of the duplicate check reading the files again. */
  @Test
  public void daysOnTheDirectRunnerReadInPassesEndTheSame() throws Exception {
    Path[] out = dayByDayAndAllAtOnce("direct-passes", "--readOnceUpToMiB=0");
    assertSameMarts(OutputSnapshot.of(out[0]), OutputSnapshot.of(out[1]));
    assertTheMergeMattered(out[0]);
  }

  @Test
  public void aMissingAggregateTableStopsTheRunInsteadOfLosingItsTotals() throws Exception {
    Path landing = TMP.newFolder("missing-landing").toPath();
    Path out = TMP.newFolder("missing").toPath();
    Files.writeString(landing.resolve("day1.csv"), DAYS.get("day1.csv"));
    run(landing, out, "--jdbcUrl=none");
    try (Stream<Path> table = Files.walk(out.resolve("customer_monthly_spend"))) {
      table.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
    Files.writeString(landing.resolve("day2.csv"), DAYS.get("day2.csv"));
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(sink, true, StandardCharsets.UTF_8);
    int code = Main.run(new String[] {"sales-marts", "--input=" + landing, "--output=" + out,
        "--dimensions=" + dimensions, "--jdbcUrl=none"}, ps, ps);
    assertThat(code, equalTo(2));
    assertThat(sink.toString(StandardCharsets.UTF_8), containsString("no complete customer_monthly_spend table"));
  }

  @Test
  public void daysOnTheSparkRunnerEndLikeOneRunOverAllDays() throws Exception {
    Path[] out = dayByDayAndAllAtOnce("spark", "--runner=SparkRunner", "--sparkMaster=local[2]", "--jdbcUrl=none",
        "--compactAfterRuns=2");
    assertSameMarts(OutputSnapshot.of(out[0]), OutputSnapshot.of(out[1]));
    assertTheMergeMattered(out[0]);
    assertCompacted(out[0]);
  }
}
