#!/usr/bin/env bash
# Memory check of WritePartitionedParquet alone (not a test; issues 12 and 14): ROWS generated
# sales_team_mart rows over 480 partitions, in blocks of BLOCK rows (rows arrive in bundles, as a
# file read hands them on), on the Direct runner under each heap of HEAPS, in each mode of MODES:
#   spill    the transform (rows spilled per bundle, only (partition, segment) pairs shuffled);
#   shuffle  the version before it (every row through GroupByKeyInBuckets(16)), for comparison.
# Prints wall s, rows/s and peak RSS per run, and each run's summary line (spill files written); a
# run that fails (OutOfMemoryError) says so. Checks each finished run wrote one file per partition
# and left no spill file.
#
#   bench/write-partitions.sh [ROWS]                  # default 400000
#   HEAPS="128m 256m" MODES="spill shuffle" BLOCK=200 bench/write-partitions.sh 400000
#
# Needs the fat jar (mvn -B package -DskipTests -pl pipelines -am) and GNU time.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROWS="${1:-${ROWS:-400000}}"
BLOCK="${BLOCK:-200}"
HEAPS="${HEAPS:-128m 256m}"
MODES="${MODES:-spill shuffle}"
WORK="${WORK:-/tmp/write-partitions-bench}"
JAR="${JAR:-$ROOT/pipelines/target/sales-pipelines.jar}"
[ -f "$JAR" ] || { echo "no $JAR: build it with mvn -B package -DskipTests -pl pipelines -am" >&2; exit 2; }
if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq time >/dev/null; else echo "install GNU time (apt-get install time)" >&2; exit 2; fi
fi
mkdir -p "$WORK"
# Compiled, not run as a source file: Beam deserializes the DoFns by class name.
CLASSES="$WORK/classes"
if [ ! -f "$CLASSES/WritePartitions.class" ] || [ "$ROOT/bench/WritePartitions.java" -nt "$CLASSES/WritePartitions.class" ]; then
  mkdir -p "$CLASSES" && javac -d "$CLASSES" -cp "$JAR" "$ROOT/bench/WritePartitions.java"
fi
RAW="$WORK/results-$ROWS.tsv"
: > "$RAW"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

for heap in $HEAPS; do
  for mode in $MODES; do
    out="$WORK/out-$mode-$heap"
    rm -rf "$out"
    measure "$mode-Xmx$heap" java "-Xmx$heap" -cp "$JAR:$CLASSES" WritePartitions "$mode" "$ROWS" "$BLOCK" "$out"
    if grep -q "^write-partitions" "$WORK/$mode-Xmx$heap.out" 2>/dev/null; then
      files=$(find "$out" -name '*.parquet' | wc -l)
      left=$(find "$out" -path '*_spill*' | wc -l)
      echo "  $mode -Xmx$heap: $files Parquet files, $left spill entries left" >> "$WORK/$mode-Xmx$heap.out"
    fi
  done
done

echo
echo "write-partitions benchmark: $ROWS rows in blocks of $BLOCK, 480 partitions, Direct runner," \
  "$(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
awk -F'\t' -v rows="$ROWS" '
  BEGIN { printf "%-24s %10s %10s %13s\n", "run", "wall s", "rows/s", "peak RSS MiB" }
  $2 == "failed" { printf "%-24s %10s\n", $1, "failed"; next }
  { printf "%-24s %10.1f %10.0f %13.0f\n", $1, $2, rows / $2, $3 }' "$RAW"
for f in "$WORK"/*-Xmx*.out; do
  [ -f "$f" ] || continue
  grep -h -E "^write-partitions|Parquet files" "$f" | sed 's/^/  /'
  grep -h -m1 -o "OutOfMemoryError[^\"]*" "${f%.out}.err" 2>/dev/null | sed "s/^/  $(basename "$f" .out): /" || true
done
