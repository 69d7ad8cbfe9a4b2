#!/usr/bin/env bash
# Benchmark of orders-analytics (not a test): generates N orders once (default 1M, 2% bad; generate
# --dataset=orders), runs orders-analytics from the fat jar on the Direct runner and on Spark
# local[2], and beside them the plain single-process reference (ReferenceOrdersAnalytics from the
# pipelines test jar: JDK + Jackson, every accepted order in memory, the tables written as JSON
# lines) on the same input, and prints for each the wall seconds, orders per second and peak RSS
# (GNU time's "Maximum resident set size").
#
#   bench/orders.sh [ORDERS]                    # default 1000000
#   ORDERS=100000 BAD_RATE=0.02 WORK=/tmp/orders-bench RUNNERS="direct spark reference" bench/orders.sh
#   REPEAT=3 bench/orders.sh                    # each run REPEAT times (interleaved); prints the medians
#   JAVA_OPTS=-Xmx3g bench/orders.sh            # JVM options for every run (default: none, the JVM's heap)
#   SPARK_ARGS=--storageLevel=MEMORY_AND_DISK_SER bench/orders.sh   # more job options for the Spark run
#
# Needs the fat jar and the test jar: mvn -B -ntp -q package -DskipTests -pl pipelines -am (the
# reference lives in the test jar, never in the runnable jar), and /usr/bin/time (Debian package
# `time`; installed with apt-get if missing and running as root). Each run starts from an empty
# output folder, so the jobs measure the pipeline, the commit and the run record.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ORDERS="${1:-${ORDERS:-1000000}}"
BAD_RATE="${BAD_RATE:-0.02}"
WORK="${WORK:-/tmp/orders-bench}"
RUNNERS="${RUNNERS:-direct spark reference}"
REPEAT="${REPEAT:-1}"
JAVA_OPTS="${JAVA_OPTS:-}"
SPARK_ARGS="${SPARK_ARGS:-}"
JAR="${JAR:-$ROOT/pipelines/target/sales-pipelines.jar}"
TEST_JAR="${TEST_JAR:-$(ls "$ROOT"/pipelines/target/sales-pipelines-*-tests.jar 2>/dev/null | head -1)}"
[ -f "$JAR" ] || { echo "no $JAR: build it with mvn -B -ntp -q package -DskipTests -pl pipelines -am" >&2; exit 2; }
if [[ " $RUNNERS " == *" reference "* ]] && [ ! -f "$TEST_JAR" ]; then
  echo "no pipelines test jar for the reference: build with mvn -B -ntp -q package -DskipTests -pl pipelines -am" >&2
  exit 2
fi
if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq time >/dev/null; else echo "install GNU time (apt-get install time)" >&2; exit 2; fi
fi
mkdir -p "$WORK"
DATA="$WORK/orders-$ORDERS"
if [ ! -f "$DATA/_generator.json" ]; then
  rm -rf "$DATA"
  echo "generating $ORDERS orders ($BAD_RATE bad) into $DATA" >&2
  java -jar "$JAR" generate --dataset=orders --output="$DATA" --rows="$ORDERS" --badRate="$BAD_RATE" --seed=42 >&2
fi

RAW="$WORK/results-$ORDERS.tsv"
: > "$RAW"
# measure NAME COMMAND...: runs the command under GNU time; appends "name wall_s peak_rss_mib" to RAW.
measure() {
  local name="$1"; shift
  local log="$WORK/$name.time"
  echo "running $name" >&2
  if ! /usr/bin/time -v -o "$log" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err"; then
    echo "$name failed; see $WORK/$name.err" >&2
    tail -3 "$WORK/$name.err" >&2
    printf '%s\tfailed\tfailed\n' "$name" >> "$RAW"
    return
  fi
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  printf '%s\t%s\t%s\n' "$name" "$wall" "$rss" >> "$RAW"
}

# Interleaved, so that a noisy neighbour hits every contender alike.
for round in $(seq 1 "$REPEAT"); do
  for runner in $RUNNERS; do
    out="$WORK/out-$runner"
    rm -rf "$out"
    case "$runner" in
      # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
      direct) measure orders-analytics-direct java $JAVA_OPTS -jar "$JAR" orders-analytics \
                --input="$DATA/landing" --output="$out" ;;
      # shellcheck disable=SC2086
      spark)  measure orders-analytics-spark-local2 java $JAVA_OPTS -jar "$JAR" orders-analytics \
                --input="$DATA/landing" --output="$out" --runner=SparkRunner --sparkMaster='local[2]' $SPARK_ARGS ;;
      # shellcheck disable=SC2086
      reference) measure reference-single-process java $JAVA_OPTS -cp "$TEST_JAR:$JAR" \
                io.salespipelines.pipelines.orders.ReferenceOrdersAnalytics "$DATA/landing" "$out" ;;
      *) echo "unknown runner $runner (direct, spark, reference)" >&2; exit 2 ;;
    esac
  done
done

echo
echo "orders-analytics benchmark: $ORDERS orders, $BAD_RATE bad, $(nproc) cores, JAVA_OPTS='$JAVA_OPTS', $REPEAT round(s), $(date -u +%Y-%m-%dT%H:%MZ)"
# Per run: median wall s, orders/s at that median, median peak RSS, every wall time, and the ratio
# of the median to the reference's median (when it ran).
awk -F'\t' -v rows="$ORDERS" '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  $2 == "failed" { failed[$1] = 1; if (!($1 in order)) { order[$1] = ++k; names[k] = $1 }; next }
  { if (!($1 in order)) { order[$1] = ++k; names[k] = $1 }; walls[$1] = walls[$1] " " $2; rsss[$1] = rsss[$1] " " $3 }
  END {
    if ("reference-single-process" in walls) base = median(walls["reference-single-process"])
    printf "%-30s %10s %10s %13s %12s  %s\n", "run", "median s", "orders/s", "peak RSS MiB", "vs reference", "all wall s"
    for (i = 1; i <= k; i++) {
      n = names[i]
      if (!(n in walls)) { printf "%-30s %10s\n", n, "failed"; continue }
      w = median(walls[n]); r = median(rsss[n])
      ratio = base ? sprintf("%.2fx", w / base) : "-"
      printf "%-30s %10.1f %10.0f %13.0f %12s %s%s\n", n, w, rows / w, r, ratio, walls[n], (n in failed) ? " (some failed)" : ""
    }
  }' "$RAW"
grep -h "orders-analytics run\|^reference:" "$WORK"/orders-analytics-*.out "$WORK"/reference-*.out 2>/dev/null | sed 's/^/  /' || true
