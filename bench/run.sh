#!/usr/bin/env bash
# Benchmark of sales-marts (not a test): generates N rows (default 1M, 2% bad), runs sales-marts on
# the Direct runner and on Spark local[2] from the same jar, and prints for each run the wall
# seconds, rows per second and peak RSS (GNU time's "Maximum resident set size").
#
#   bench/run.sh [ROWS]                     # default 1000000
#   ROWS=100000 BAD_RATE=0.02 WORK=/tmp/sales-bench RUNNERS="direct spark" bench/run.sh
#   YARDSTICKS="spark duckdb" bench/run.sh  # also time ../shared/yardsticks/run_*.sh on the same input
#   REPEAT=3 bench/run.sh                   # each run REPEAT times (interleaved); prints the medians
#   JAVA_OPTS=-Xmx3g bench/run.sh           # JVM options for our runs (default: none, the JVM's heap);
#                                           # its -Xmx is the Spark SQL yardstick's heap too
#
# The yardsticks folder may be read-only (the Spark one builds into its own target/): it is copied
# to $WORK/yardsticks once and run from there. With a Spark SQL yardstick, every run's median is also
# printed as a ratio to it.
# Needs the fat jar (mvn -B package -DskipTests) and /usr/bin/time (Debian package `time`; installed
# with apt-get if missing and running as root). Each run starts from an empty output folder, without
# a database (--jdbcUrl=none), so it measures the pipeline, the commit and the run record.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROWS="${1:-${ROWS:-1000000}}"
BAD_RATE="${BAD_RATE:-0.02}"
WORK="${WORK:-/tmp/sales-bench}"
RUNNERS="${RUNNERS:-direct spark}"
YARDSTICKS="${YARDSTICKS:-}"
REPEAT="${REPEAT:-1}"
JAVA_OPTS="${JAVA_OPTS:-}"
JAR="${JAR:-$ROOT/pipelines/target/sales-pipelines.jar}"
[ -f "$JAR" ] || { echo "no $JAR: build it with mvn -B package -DskipTests" >&2; exit 2; }
if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq time >/dev/null; else echo "install GNU time (apt-get install time)" >&2; exit 2; fi
fi
mkdir -p "$WORK"
DATA="$WORK/data-$ROWS"
if [ ! -f "$DATA/_generator.json" ]; then
  rm -rf "$DATA"
  echo "generating $ROWS rows ($BAD_RATE bad) into $DATA" >&2
  java -jar "$JAR" generate --output="$DATA" --rows="$ROWS" --badRate="$BAD_RATE" --seed=42 >&2
fi

RAW="$WORK/results-$ROWS.tsv"
: > "$RAW"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

# The Spark SQL yardstick gets the heap our runs get (its SPARK_HEAP, else 6g) when JAVA_OPTS sets one.
if [ -z "${SPARK_HEAP:-}" ] && [[ "$JAVA_OPTS" =~ -Xmx([0-9]+[gGmMkK]?) ]]; then
  export SPARK_HEAP="${BASH_REMATCH[1]}"
fi
YDIR="$WORK/yardsticks"
if [ -n "$YARDSTICKS" ] && [ ! -d "$YDIR" ]; then
  cp -r "$ROOT/../shared/yardsticks" "$YDIR" && chmod -R u+w "$YDIR"
fi

# Interleaved, so that a noisy neighbour hits every contender alike.
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
for runner in $RUNNERS; do warm_class_data "$JAR" sales-marts "$runner" $JAVA_OPTS; done
for round in $(seq 1 "$REPEAT"); do
  for runner in $RUNNERS; do
    out="$WORK/out-$runner"
    rm -rf "$out"
    case "$runner" in
      # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
      direct) measure sales-marts-direct java $JAVA_OPTS -jar "$JAR" sales-marts --input="$DATA/landing" \
                --dimensions="$DATA/dimensions" --output="$out" --jdbcUrl=none ;;
      # shellcheck disable=SC2086
      spark)  measure sales-marts-spark-local2 java $JAVA_OPTS -jar "$JAR" sales-marts --input="$DATA/landing" \
                --dimensions="$DATA/dimensions" --output="$out" --jdbcUrl=none \
                --runner=SparkRunner --sparkMaster='local[2]' ;;
      *) echo "unknown runner $runner (direct, spark)" >&2; exit 2 ;;
    esac
  done
  for y in $YARDSTICKS; do
    out="$WORK/out-yardstick-$y"
    rm -rf "$out"
    measure "yardstick-$y" "$YDIR/run_$y.sh" "$DATA" "$out"
  done
done

echo
echo "sales-marts benchmark: $ROWS rows, $BAD_RATE bad, $(nproc) cores, JAVA_OPTS='$JAVA_OPTS', $REPEAT round(s), $(date -u +%Y-%m-%dT%H:%MZ)"
# Per run: median wall s, rows/s at that median, median peak RSS, every wall time, and the ratio of
# the median to the Spark SQL yardstick's median (when it ran).
medians "$RAW" "$ROWS" rows yardstick-spark "vs SparkSQL"
grep -h "sales-marts run" "$WORK"/sales-marts-*.out 2>/dev/null | sed 's/^/  /' || true
