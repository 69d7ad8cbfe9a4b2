#!/usr/bin/env bash
# Benchmark of sales-marts (not a test): generates N rows (default 1M, 2% bad), runs sales-marts on
# the Direct runner and on Spark local[2] from the same jar, and prints for each run the wall
# seconds, rows per second and peak RSS (GNU time's "Maximum resident set size").
#
#   bench/run.sh [ROWS]                     # default 1000000
#   ROWS=100000 BAD_RATE=0.02 WORK=/tmp/sales-bench RUNNERS="direct spark" bench/run.sh
#   YARDSTICKS="spark duckdb" bench/run.sh  # also time ../shared/yardsticks/run_*.sh on the same input
#
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

RESULTS=()
# measure NAME COMMAND...: runs the command under GNU time, records wall s, rows/s and peak RSS.
measure() {
  local name="$1"; shift
  local log="$WORK/$name.time"
  echo "running $name" >&2
  if ! /usr/bin/time -v -o "$log" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err"; then
    echo "$name failed; see $WORK/$name.err" >&2
    tail -3 "$WORK/$name.err" >&2
    RESULTS+=("$(printf '%-26s %10s %12s %12s' "$name" failed - -)")
    return
  fi
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  RESULTS+=("$(printf '%-26s %10.1f %12.0f %12s' "$name" "$wall" "$(awk -v r="$ROWS" -v w="$wall" 'BEGIN{print r/w}')" "$rss")")
}

for runner in $RUNNERS; do
  out="$WORK/out-$runner"
  rm -rf "$out"
  case "$runner" in
    direct) measure sales-marts-direct java -jar "$JAR" sales-marts --input="$DATA/landing" \
              --dimensions="$DATA/dimensions" --output="$out" --jdbcUrl=none ;;
    spark)  measure sales-marts-spark-local2 java -jar "$JAR" sales-marts --input="$DATA/landing" \
              --dimensions="$DATA/dimensions" --output="$out" --jdbcUrl=none \
              --runner=SparkRunner --sparkMaster='local[2]' ;;
    *) echo "unknown runner $runner (direct, spark)" >&2; exit 2 ;;
  esac
done
for y in $YARDSTICKS; do
  out="$WORK/out-yardstick-$y"
  rm -rf "$out"
  measure "yardstick-$y" "$ROOT/../shared/yardsticks/run_$y.sh" "$DATA" "$out"
done

echo
echo "sales-marts benchmark: $ROWS rows, $BAD_RATE bad, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-26s %10s %12s %12s\n' run "wall s" "rows/s" "peak RSS MiB"
for r in "${RESULTS[@]}"; do echo "$r"; done
grep -h "sales-marts run" "$WORK"/sales-marts-*.out 2>/dev/null | sed 's/^/  /' || true
