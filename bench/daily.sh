#!/usr/bin/env bash
# Benchmark of many daily runs in a row (issue 12's "the daily cost stays flat"; not a test): a
# first sales-marts run over ROWS generated rows, then DAYS runs that each add one file of
# ROWS_PER_DAY new rows. Prints each day's wall seconds, peak RSS and the output's file count, and
# the median of the first and the last ten days. Direct runner, no database.
#
#   bench/daily.sh                                  # 1,000,000 rows, 60 days of 10,000
#   ROWS=100000 DAYS=20 ROWS_PER_DAY=1000 bench/daily.sh
#   JAVA_OPTS=-Xmx3g JAR=/tmp/other.jar WORK=/tmp/daily bench/daily.sh
#
# The days' rows come from one generator run (seed 44, one CSV cut into a file a day) with their
# ids renamed (T... -> D...), so they do not collide with the base's (seed 42, bench/run.sh's
# data); the generator's duplicate and bad rows stay. Keep the machine otherwise idle: other work shows up as
# slow days, not as a trend.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROWS="${ROWS:-1000000}"
DAYS="${DAYS:-60}"
ROWS_PER_DAY="${ROWS_PER_DAY:-10000}"
WORK="${WORK:-/tmp/sales-bench}"
JAVA_OPTS="${JAVA_OPTS:--Xmx3g}"
JAR="${JAR:-$ROOT/pipelines/target/sales-pipelines.jar}"
[ -f "$JAR" ] || { echo "no $JAR: build it with mvn -B package -DskipTests" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "install GNU time (apt-get install time)" >&2; exit 2; }
mkdir -p "$WORK"
data="$WORK/data-$ROWS"
if [ ! -f "$data/_generator.json" ]; then
  rm -rf "$data"
  java -jar "$JAR" generate --output="$data" --rows="$ROWS" --badRate=0.02 --seed=42 >&2
fi
days="$WORK/days-$DAYS-$ROWS_PER_DAY"
if [ ! -f "$days/day_$DAYS.csv" ]; then
  rm -rf "$days"
  java -jar "$JAR" generate --output="$days/gen" --rows=$((DAYS * ROWS_PER_DAY)) --badRate=0.02 --seed=44 \
    --files=1 >&2
  # One CSV cut into a file a day, each with the header (a note whose quoted text spans lines may be
  # cut at a day's edge: a malformed row or two, as in any landing zone).
  sed -E 's/^T([0-9]{9}),/D\1,/' "$days/gen/landing/sales_0001.csv" | awk -v per="$ROWS_PER_DAY" -v dir="$days" '
    NR == 1 { header = $0; next }
    { day = int((NR - 2) / per) + 1; f = dir "/day_" day ".csv"; if (!(f in started)) { print header > f; started[f] = 1 } print > f }'
fi
landing="$WORK/daily-landing"
out="$WORK/daily-out"
rm -rf "$landing" "$out"
cp -a "$data/landing" "$landing"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
run=(java $JAVA_OPTS -jar "$JAR" sales-marts --input="$landing" --dimensions="$data/dimensions" --output="$out" --jdbcUrl=none)
RAW="$WORK/daily.tsv"
: > "$RAW"
# one_run DAY: runs the job over the landing folder as it stands and notes the day's figures.
one_run() {
  /usr/bin/time -f "%e %M" -o "$WORK/daily.time" "${run[@]}" > "$WORK/daily.out" 2> "$WORK/daily.err" \
    || { echo "day $1 failed; see $WORK/daily.err" >&2; exit 1; }
  read -r wall rss < "$WORK/daily.time"
  printf '%s\t%s\t%s\t%s\n' "$1" "$wall" "$((rss / 1024))" "$(find "$out" -type f | wc -l)" >> "$RAW"
  echo "day $1: $wall s" >&2
}
one_run 0
for day in $(seq 1 "$DAYS"); do
  cp "$days/day_$day.csv" "$landing/day_$(printf '%04d' "$day").csv"
  one_run "$day"
done
echo
echo "sales-marts daily benchmark: $ROWS rows, then $DAYS days of $ROWS_PER_DAY, $(nproc) cores," \
  "JAVA_OPTS='$JAVA_OPTS', jar $(basename "$JAR"), $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-5s %8s %9s %12s\n' day "wall s" "RSS MiB" "output files"
awk -F'\t' '{ printf "%-5s %8s %9s %12s\n", $1, $2, $3, $4 }' "$RAW"
awk -F'\t' -v days="$DAYS" '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  $1 >= 1 && $1 <= 10 { first = first " " $2 }
  $1 >= 1 && $1 > days - 10 { last = last " " $2 }
  END { printf "median of days 1-10: %.1f s; of the last ten days: %.1f s\n", median(first), median(last) }' "$RAW"
