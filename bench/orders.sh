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
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

# Interleaved, so that a noisy neighbour hits every contender alike.
for runner in $RUNNERS; do
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  case "$runner" in direct|spark) warm_class_data "$JAR" orders-analytics "$runner" $JAVA_OPTS ;; esac
done
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
medians "$RAW" "$ORDERS" orders reference-single-process "vs reference"
grep -h "orders-analytics run\|^reference:" "$WORK"/orders-analytics-*.out "$WORK"/reference-*.out 2>/dev/null | sed 's/^/  /' || true
