#!/usr/bin/env bash
# Benchmark of a daily run on top of history (issue 12; not a test). For each size: a first
# sales-marts run over ROWS generated rows (2% bad) into an empty output, then a run over the same
# landing folder after ADD_PERCENT % new rows arrived in one new file. Prints, per runner, the wall
# seconds and peak RSS of both runs and the added run's share of the first run's wall time; with
# several sizes, also each added run against the first size's.
#
#   bench/incremental.sh                      # 100000 rows, +1 %, Direct and Spark local[2]
#   bench/incremental.sh 1000000 5000000      # the issue's sizes (+1 % on 5M should cost <= 1.5x +1 % on 1M)
#   ADD_PERCENT=1 RUNNERS="direct spark" JAVA_OPTS=-Xmx3g WORK=/tmp/sales-bench bench/incremental.sh
#   JAR=/tmp/before.jar bench/incremental.sh  # another build, e.g. one from before the change
#
# The base data is the same as bench/run.sh's ($WORK/data-ROWS, seed 42). The new rows are generated
# with another seed into one CSV file whose transaction ids are renamed (T... -> N...), so they do
# not collide with the base's; their own duplicates and bad rows stay. No database (--jdbcUrl=none).
# Needs the fat jar (mvn -B package -DskipTests) and GNU time (/usr/bin/time).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if [ "$#" -gt 0 ]; then SIZES="$*"; else SIZES="${ROWS:-100000}"; fi
ADD_PERCENT="${ADD_PERCENT:-1}"
BAD_RATE="${BAD_RATE:-0.02}"
WORK="${WORK:-/tmp/sales-bench}"
RUNNERS="${RUNNERS:-direct spark}"
JAVA_OPTS="${JAVA_OPTS:-}"
JAR="${JAR:-$ROOT/pipelines/target/sales-pipelines.jar}"
[ -f "$JAR" ] || { echo "no $JAR: build it with mvn -B package -DskipTests" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "install GNU time (apt-get install time)" >&2; exit 2; }
mkdir -p "$WORK"
RAW="$WORK/incremental.tsv"
: > "$RAW"

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"  # for warm_class_data; measure is this script's own, below

# measure NAME COMMAND...: runs the command under GNU time; prints "wall_s<TAB>peak_rss_mib".
measure() {
  local name="$1"; shift
  local log="$WORK/$name.time"
  echo "running $name" >&2
  # The copies before a run (landing files, outputs) are set-up, not the run's work: their dirty
  # pages are written out now, not during the timed run (0.3-0.5 s of a 6-7 s added run).
  sync
  if ! /usr/bin/time -v -o "$log" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err"; then
    echo "$name failed; see $WORK/$name.err" >&2
    tail -3 "$WORK/$name.err" >&2
    printf 'failed\tfailed\n'
    return
  fi
  awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; w=s}
              /Maximum resident set size/ {r=$2/1024} END {printf "%s\t%.0f\n", w, r}' "$log"
}

# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
for runner in $RUNNERS; do warm_class_data "$JAR" sales-marts "$runner" $JAVA_OPTS; done
for rows in $SIZES; do
  data="$WORK/data-$rows"
  if [ ! -f "$data/_generator.json" ]; then
    rm -rf "$data"
    echo "generating $rows rows ($BAD_RATE bad) into $data" >&2
    java -jar "$JAR" generate --output="$data" --rows="$rows" --badRate="$BAD_RATE" --seed=42 >&2
  fi
  add_rows=$(( rows * ADD_PERCENT / 100 ))
  add="$WORK/add-$rows-$ADD_PERCENT"
  if [ ! -f "$add/new_sales.csv" ]; then
    rm -rf "$add"
    echo "generating $add_rows new rows into $add" >&2
    java -jar "$JAR" generate --output="$add/gen" --rows="$add_rows" --badRate="$BAD_RATE" --seed=43 --files=1 >&2
    sed -E 's/^T([0-9]{9}),/N\1,/' "$add/gen/landing/sales_0001.csv" > "$add/new_sales.csv"
  fi
  for runner in $RUNNERS; do
    case "$runner" in
      direct) runner_args=() ;;
      spark) runner_args=(--runner=SparkRunner "--sparkMaster=local[2]") ;;
      *) echo "unknown runner $runner (direct, spark)" >&2; exit 2 ;;
    esac
    landing="$WORK/inc-landing-$rows-$runner"
    out="$WORK/inc-out-$rows-$runner"
    rm -rf "$landing" "$out"
    cp -r "$data/landing" "$landing"
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
    run=(java $JAVA_OPTS -jar "$JAR" sales-marts --input="$landing" --dimensions="$data/dimensions"
         --output="$out" --jdbcUrl=none "${runner_args[@]}")
    first=$(measure "inc-$rows-$runner-first" "${run[@]}")
    cp "$add/new_sales.csv" "$landing/new_sales.csv"
    added=$(measure "inc-$rows-$runner-add" "${run[@]}")
    printf '%s\t%s\t%s\t%s\t%s\n' "$rows" "$runner" "$first" "$add_rows" "$added" >> "$RAW"
  done
done

echo
echo "sales-marts incremental benchmark: +$ADD_PERCENT % on top of a first run, $BAD_RATE bad, $(nproc) cores," \
  "JAVA_OPTS='$JAVA_OPTS', jar $(basename "$JAR"), $(date -u +%Y-%m-%dT%H:%MZ)"
awk -F'\t' '
  BEGIN { printf "%-8s %-7s %9s %10s %9s %9s %10s %10s %14s\n", "rows", "runner", "first s", "first MiB",
            "added", "add s", "add MiB", "add/first", "add vs 1st size" }
  {
    ratio = ($3 == "failed" || $6 == "failed") ? "-" : sprintf("%.1f%%", 100 * $6 / $3)
    if (!($2 in base) && $6 != "failed") base[$2] = $6
    growth = ($6 == "failed" || !($2 in base)) ? "-" : sprintf("%.2fx", $6 / base[$2])
    printf "%-8s %-7s %9s %10s %9s %9s %10s %10s %14s\n", $1, $2, $3, $4, $5, $6, $7, ratio, growth
  }' "$RAW"
grep -h "sales-marts run" "$WORK"/inc-*-add.out 2>/dev/null | sed 's/^/  add run: /' || true
