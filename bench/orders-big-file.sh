#!/usr/bin/env bash
# Benchmark of one big order file through orders-analytics (not a test; issue 14). Generates ORDERS
# orders (2% bad, duplicates included) into one JSON-lines file (generate --dataset=orders
# --files=1), a gzip copy of it, and the same lines split into 12 files (split -n l/12, in name
# order, so "first by (file, line)" picks the same order of a duplicate id), then runs
# orders-analytics with JAVA_OPTS (default -Xmx2g) on each input and runner in RUNS, and prints wall
# seconds, orders/s and peak RSS (GNU time's "Maximum resident set size") per run, each run's
# summary line, and whether every table equals the many-files run's (bench/CompareTables.java:
# rows and an order-independent digest; run_id, source, line and message left out, since a dead
# letter names its file and line).
#
#   bench/orders-big-file.sh [ORDERS]              # default 1000000 (about 350 MB of JSON lines)
#   RUNS="direct spark" INPUTS="many one gz" JAVA_OPTS=-Xmx2g WORK=/tmp/orders-big-file bench/orders-big-file.sh 300000
#   JAR=/tmp/old.jar INPUTS=one RUNS=direct bench/orders-big-file.sh   # a jar from before, same input
#
# The first input in INPUTS is the reference of the comparison. Needs the fat jar (mvn -B package
# -DskipTests -pl pipelines -am), GNU time, gzip and GNU split.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ORDERS="${1:-${ORDERS:-1000000}}"
WORK="${WORK:-/tmp/orders-big-file}"
RUNS="${RUNS:-direct spark}"
INPUTS="${INPUTS:-many one gz}"
JAVA_OPTS="${JAVA_OPTS:--Xmx2g}"
JAR="${JAR:-$ROOT/pipelines/target/sales-pipelines.jar}"
[ -f "$JAR" ] || { echo "no $JAR: build it with mvn -B package -DskipTests -pl pipelines -am" >&2; exit 2; }
if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq time >/dev/null; else echo "install GNU time (apt-get install time)" >&2; exit 2; fi
fi
mkdir -p "$WORK"
DATA="$WORK/orders-$ORDERS"
if [ ! -f "$DATA/_generator.json" ]; then
  rm -rf "$DATA"
  echo "generating $ORDERS orders into one JSON-lines file under $DATA" >&2
  java -jar "$JAR" generate --dataset=orders --output="$DATA" --rows="$ORDERS" --files=1 --seed=42 >&2
fi
BIG=$(ls "$DATA"/landing/orders_2*.json | head -1)
[ -f "$BIG" ] || { echo "the generator wrote no orders_YYYY_MM.json under $DATA/landing" >&2; exit 1; }
[ "$(head -c1 "$BIG")" = "{" ] || { echo "$BIG is not JSON lines" >&2; exit 1; }
mkdir -p "$DATA/one" "$DATA/gz" "$DATA/many"
[ -f "$DATA/one/orders.json" ] || ln -f "$BIG" "$DATA/one/orders.json"
if [ ! -f "$DATA/gz/orders.json.gz" ]; then
  echo "gzip $BIG" >&2
  gzip -c "$BIG" > "$DATA/gz/orders.json.gz.tmp" && mv "$DATA/gz/orders.json.gz.tmp" "$DATA/gz/orders.json.gz"
fi
if [ ! -f "$DATA/many/orders_part_11.json" ]; then
  rm -f "$DATA"/many/*
  split -n l/12 -d --additional-suffix=.json "$BIG" "$DATA/many/orders_part_"
fi
CLASSES="$WORK/classes"
if [ ! -f "$CLASSES/CompareTables.class" ] || [ "$ROOT/bench/CompareTables.java" -nt "$CLASSES/CompareTables.class" ]; then
  mkdir -p "$CLASSES" && javac -d "$CLASSES" -cp "$JAR" "$ROOT/bench/CompareTables.java"
fi

RAW="$WORK/results-$ORDERS.tsv"
: > "$RAW"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

for input in $INPUTS; do
  for run in $RUNS; do
    out="$WORK/out-$run-$input"
    rm -rf "$out"
    case "$run" in
      # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
      direct) measure "orders-analytics-direct-$input" java $JAVA_OPTS -jar "$JAR" orders-analytics \
                --input="$DATA/$input" --output="$out" ;;
      # shellcheck disable=SC2086
      spark)  measure "orders-analytics-spark-local2-$input" java $JAVA_OPTS -jar "$JAR" orders-analytics \
                --input="$DATA/$input" --output="$out" --runner=SparkRunner --sparkMaster='local[2]' ;;
      *) echo "unknown run $run (direct, spark)" >&2; exit 2 ;;
    esac
  done
done

echo
echo "orders big-file benchmark: $ORDERS orders in one $(du -m "$BIG" | cut -f1) MB JSON-lines file" \
  "($(du -m "$DATA/gz/orders.json.gz" | cut -f1) MB gzip; many = the same lines in 12 files)," \
  "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), JAVA_OPTS='$JAVA_OPTS', $(date -u +%Y-%m-%dT%H:%MZ)"
awk -F'\t' -v rows="$ORDERS" '
  BEGIN { printf "%-40s %10s %10s %13s\n", "run", "wall s", "orders/s", "peak RSS MiB" }
  $2 == "failed" { printf "%-40s %10s\n", $1, "failed"; next }
  { printf "%-40s %10.1f %10.0f %13.0f\n", $1, $2, rows / $2, $3 }' "$RAW"
for f in "$WORK"/orders-analytics-*.out; do
  [ -f "$f" ] || continue
  line=$(grep -h "orders-analytics run" "$f" | tail -1 | sed -E 's/run [0-9TZa-z-]+: //' | cut -c1-200)
  printf '  %-38s %s\n' "$(basename "$f" .out)" "$line"
done
# Every output against the reference (the first input's first run that finished).
reference=""
for input in $INPUTS; do
  for run in $RUNS; do
    [ -d "$WORK/out-$run-$input/fact_orders" ] && [ -z "$reference" ] && reference="$WORK/out-$run-$input"
  done
done
[ -n "$reference" ] || exit 0
for input in $INPUTS; do
  for run in $RUNS; do
    out="$WORK/out-$run-$input"
    [ -d "$out/fact_orders" ] && [ "$out" != "$reference" ] || continue
    if java -cp "$JAR:$CLASSES" CompareTables "$reference" "$out" run_id,source,line,message \
        > "$WORK/compare-$run-$input.txt" 2>/dev/null; then
      echo "  $(basename "$out"): every table the same as $(basename "$reference")'s"
    else
      echo "  $(basename "$out"): DIFFERS from $(basename "$reference"):"; grep -v " same " "$WORK/compare-$run-$input.txt" | sed 's/^/    /'
    fi
  done
done
