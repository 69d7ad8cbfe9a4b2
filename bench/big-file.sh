#!/usr/bin/env bash
# Benchmark of one big landing file (not a test; issue 14). Generates ROWS sales rows into a single
# CSV file (the generator's first layout: extra columns, quoted notes that span lines, blank lines,
# 2% bad rows) and a gzip copy of it, then for each of the two:
#   - the read alone (bench/ParseBigFile.java) on the Direct runner under a small heap
#     (PARSE_HEAP, default -Xmx512m), far too small to hold the file's rows: bounded memory;
#   - sales-marts with JAVA_OPTS (default -Xmx2g) on the Direct runner and on Spark local[2].
# and, with the input "many", the same rows cut into FILES files (bench/SplitCsvFile.java, at the
# job's own record boundaries, in row order). Prints wall seconds, rows/s and peak RSS (GNU time's
# "Maximum resident set size") per run, each run's summary line, and whether every table equals the
# first input's (bench/CompareTables.java; run_id, source, line and message left out, since a dead
# letter names its file and line). Results accumulate in WORK/results-ROWS.tsv across invocations
# (a run measured again replaces its line), so the long runs of the 2 GB case can go one at a time.
#
#   bench/big-file.sh [ROWS]                 # default 1000000 (about 80 MB of CSV, 2 ranges)
#   bench/big-file.sh 25000000               # the issue's 2 GB case (32 ranges)
#   RUNS="parse direct spark" INPUTS="csv gz many" WORK=/tmp/big-file-bench bench/big-file.sh
#   RUNS=spark INPUTS=many FILES=64 bench/big-file.sh 25000000   # one run of the 2 GB case
#
# Needs the fat jar (mvn -B package -DskipTests -pl pipelines -am), GNU time and gzip.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROWS="${1:-${ROWS:-1000000}}"
WORK="${WORK:-/tmp/big-file-bench}"
RUNS="${RUNS:-parse direct spark}"
INPUTS="${INPUTS:-csv gz many}"
FILES="${FILES:-64}"
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
for tool in ParseBigFile SplitCsvFile CompareTables; do
  if [ ! -f "$CLASSES/$tool.class" ] || [ "$ROOT/bench/$tool.java" -nt "$CLASSES/$tool.class" ]; then
    mkdir -p "$CLASSES" && javac -d "$CLASSES" -cp "$JAR" "$ROOT/bench/$tool.java"
  fi
done
if [[ " $INPUTS " == *" many "* ]] && [ ! -f "$DATA/many/_split-$FILES" ]; then
  rm -rf "$DATA/many"
  java -Xmx1g -cp "$JAR:$CLASSES" SplitCsvFile "$CSV" "$FILES" "$DATA/many" sales_part >&2
  touch "$DATA/many/_split-$FILES"
fi
# Data rows, good and bad, as the generator counted them.
DATA_ROWS=$(tr -d ' \n' < "$DATA/_generator.json" | grep -o '"dataRows":[0-9]*' | head -1 | cut -d: -f2)
DATA_ROWS="${DATA_ROWS:-$ROWS}"

RAW="$WORK/results-$ROWS.tsv"
touch "$RAW"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

for input in $INPUTS; do
  file="$DATA/$input/sales.csv"; [ "$input" = gz ] && file="$file.gz"
  for run in $RUNS; do
    [ "$input" = many ] && [ "$run" = parse ] && continue
    out="$WORK/out-$run-$input"
    rm -rf "$out"
    case "$run" in parse) label="parse-only-direct-$input" ;; direct) label="sales-marts-direct-$input" ;;
      *) label="sales-marts-spark-local2-$input" ;; esac
    sed -i "/^$label\t/d" "$RAW"
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
echo "big-file benchmark: one file of $DATA_ROWS rows ($(du -m "$CSV" | cut -f1) MB CSV, $(du -m "$DATA/gz/sales.csv.gz" | cut -f1) MB gzip;" \
  "many = the same rows in $FILES files), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), JAVA_OPTS='$JAVA_OPTS'," \
  "parse-only heap '$PARSE_HEAP', $(date -u +%Y-%m-%dT%H:%MZ)"
awk -F'\t' -v rows="$DATA_ROWS" '
  BEGIN { printf "%-32s %10s %10s %13s\n", "run", "wall s", "rows/s", "peak RSS MiB" }
  $2 == "failed" { printf "%-32s %10s\n", $1, "failed"; next }
  { printf "%-32s %10.1f %10.0f %13.0f\n", $1, $2, rows / $2, $3 }' "$RAW"
for f in "$WORK"/parse-only-*.out "$WORK"/sales-marts-*.out; do
  [ -f "$f" ] || continue
  # A run that failed or was stopped has no summary line.
  line=$({ grep -h -E "^parse-only:|sales-marts run" "$f" || echo "(no summary: failed or stopped)"; } | tail -1 | sed -E 's/run [0-9TZa-z-]+: //' | cut -c1-200)
  printf '  %-30s %s\n' "$(basename "$f" .out)" "$line"
done
# Every output against the reference: the first input's first run that finished.
reference=""
for input in csv gz many; do
  for run in direct spark; do
    [ -d "$WORK/out-$run-$input/store_product_sales" ] && [ -z "$reference" ] && reference="$WORK/out-$run-$input"
  done
done
[ -n "$reference" ] || exit 0
for input in csv gz many; do
  for run in direct spark; do
    out="$WORK/out-$run-$input"
    [ -d "$out/store_product_sales" ] && [ "$out" != "$reference" ] || continue
    if java -cp "$JAR:$CLASSES" CompareTables "$reference" "$out" run_id,source,line,message \
        > "$WORK/compare-$run-$input.txt" 2>/dev/null; then
      echo "  $(basename "$out"): every table the same as $(basename "$reference")'s"
    else
      echo "  $(basename "$out"): DIFFERS from $(basename "$reference"):"; grep -v " same " "$WORK/compare-$run-$input.txt" | sed 's/^/    /'
    fi
  done
done
