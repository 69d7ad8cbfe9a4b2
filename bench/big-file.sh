#!/usr/bin/env bash
# Benchmark of one big landing file (not a test; issue 14). Generates ROWS sales rows into a single
# CSV file (the generator's first layout: extra columns, quoted notes that span lines, blank lines,
# 2% bad rows) and a gzip copy of it, then for each of the two:
#   - the read alone (bench/ParseBigFile.java) on the Direct runner under a small heap
#     (PARSE_HEAP, default -Xmx512m), far too small to hold the file's rows: bounded memory;
#   - sales-marts with JAVA_OPTS (default -Xmx2g) on the Direct runner and on Spark local[2].
# Prints wall seconds, rows/s and peak RSS (GNU time's "Maximum resident set size") per run, and
# each run's summary line: the split CSV and the unsplit gzip must give the same counts.
#
#   bench/big-file.sh [ROWS]                 # default 1000000 (about 80 MB of CSV, 2 ranges)
#   bench/big-file.sh 25000000               # the issue's 2 GB case (32 ranges)
#   RUNS="parse direct spark" INPUTS="csv gz" WORK=/tmp/big-file-bench bench/big-file.sh
#
# Needs the fat jar (mvn -B package -DskipTests -pl pipelines -am), GNU time and gzip.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROWS="${1:-${ROWS:-1000000}}"
WORK="${WORK:-/tmp/big-file-bench}"
RUNS="${RUNS:-parse direct spark}"
INPUTS="${INPUTS:-csv gz}"
JAVA_OPTS="${JAVA_OPTS:--Xmx2g}"
PARSE_HEAP="${PARSE_HEAP:--Xmx512m}"
JAR="${JAR:-$ROOT/pipelines/target/sales-pipelines.jar}"
[ -f "$JAR" ] || { echo "no $JAR: build it with mvn -B package -DskipTests -pl pipelines -am" >&2; exit 2; }
if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq time >/dev/null; else echo "install GNU time (apt-get install time)" >&2; exit 2; fi
fi
mkdir -p "$WORK"
DATA="$WORK/data-$ROWS"
if [ ! -f "$DATA/_generator.json" ]; then
  rm -rf "$DATA"
  echo "generating $ROWS rows into one CSV file under $DATA" >&2
  java -jar "$JAR" generate --output="$DATA" --rows="$ROWS" --files=1 --seed=42 >&2
fi
CSV="$DATA/landing/sales_0001.csv"
[ -f "$CSV" ] || { echo "the generator wrote no $CSV" >&2; exit 1; }
mkdir -p "$DATA/csv" "$DATA/gz"
[ -f "$DATA/csv/sales.csv" ] || ln -f "$CSV" "$DATA/csv/sales.csv"
if [ ! -f "$DATA/gz/sales.csv.gz" ]; then
  echo "gzip $CSV" >&2
  gzip -c "$CSV" > "$DATA/gz/sales.csv.gz.tmp" && mv "$DATA/gz/sales.csv.gz.tmp" "$DATA/gz/sales.csv.gz"
fi
# Compiled, not run as a source file: Beam deserializes the counting DoFns by class name, which the
# source launcher's in-memory class loader does not serve.
CLASSES="$WORK/classes"
if [ ! -f "$CLASSES/ParseBigFile.class" ] || [ "$ROOT/bench/ParseBigFile.java" -nt "$CLASSES/ParseBigFile.class" ]; then
  mkdir -p "$CLASSES" && javac -d "$CLASSES" -cp "$JAR" "$ROOT/bench/ParseBigFile.java"
fi
# Data rows, good and bad, as the generator counted them.
DATA_ROWS=$(tr -d ' \n' < "$DATA/_generator.json" | grep -o '"dataRows":[0-9]*' | head -1 | cut -d: -f2)
DATA_ROWS="${DATA_ROWS:-$ROWS}"

RAW="$WORK/results-$ROWS.tsv"
: > "$RAW"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

for input in $INPUTS; do
  file="$DATA/$input/sales.csv"; [ "$input" = gz ] && file="$file.gz"
  for run in $RUNS; do
    out="$WORK/out-$run-$input"
    rm -rf "$out"
    case "$run" in
      # shellcheck disable=SC2086 # PARSE_HEAP and JAVA_OPTS are lists of options
      parse)  measure "parse-only-direct-$input" java $PARSE_HEAP -cp "$JAR:$CLASSES" ParseBigFile "$file" ;;
      # shellcheck disable=SC2086
      direct) measure "sales-marts-direct-$input" java $JAVA_OPTS -jar "$JAR" sales-marts \
                --input="$DATA/$input" --dimensions="$DATA/dimensions" --output="$out" --jdbcUrl=none ;;
      # shellcheck disable=SC2086
      spark)  measure "sales-marts-spark-local2-$input" java $JAVA_OPTS -jar "$JAR" sales-marts \
                --input="$DATA/$input" --dimensions="$DATA/dimensions" --output="$out" --jdbcUrl=none \
                --runner=SparkRunner --sparkMaster='local[2]' ;;
      *) echo "unknown run $run (parse, direct, spark)" >&2; exit 2 ;;
    esac
  done
done

echo
echo "big-file benchmark: one file of $DATA_ROWS rows ($(du -m "$CSV" | cut -f1) MB CSV, $(du -m "$DATA/gz/sales.csv.gz" | cut -f1) MB gzip)," \
  "$(nproc) cores, JAVA_OPTS='$JAVA_OPTS', parse-only heap '$PARSE_HEAP', $(date -u +%Y-%m-%dT%H:%MZ)"
awk -F'\t' -v rows="$DATA_ROWS" '
  BEGIN { printf "%-32s %10s %10s %13s\n", "run", "wall s", "rows/s", "peak RSS MiB" }
  $2 == "failed" { printf "%-32s %10s\n", $1, "failed"; next }
  { printf "%-32s %10.1f %10.0f %13.0f\n", $1, $2, rows / $2, $3 }' "$RAW"
for f in "$WORK"/parse-only-*.out "$WORK"/sales-marts-*.out; do
  [ -f "$f" ] || continue
  line=$(grep -h -E "^parse-only:|sales-marts run" "$f" | tail -1 | sed -E 's/run [0-9TZa-z-]+: //' | cut -c1-200)
  printf '  %-30s %s\n' "$(basename "$f" .out)" "$line"
done
