#!/usr/bin/env bash
# orders-cdc benchmark (not a test): sustained records/s and end-to-end latency (record created ->
# visible in orders_current) on the Direct runner and on Spark local[2], files source.
#   bench/cdc.sh [ROWS]            # default 50000 change records
# Environment: JAVA_OPTS (e.g. -Xmx3g), WORK (default /tmp/cdc-bench), LATENCY_SECONDS (60),
# RUNNERS ("direct spark"). Prints one line per measurement; the machine may be shared, say so.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-50000}"
WORK="${WORK:-/tmp/cdc-bench}"
LATENCY_SECONDS="${LATENCY_SECONDS:-60}"
RUNNERS="${RUNNERS:-direct spark}"
JAR=pipelines/target/sales-pipelines.jar
IDLE=5
[ -f "$JAR" ] || mvn -B -q -ntp package -DskipTests -pl pipelines -am
rm -rf "$WORK" && mkdir -p "$WORK"
# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -jar "$JAR" generate --dataset=cdc --output="$WORK/gen" --rows="$ROWS" --seed=7 >/dev/null
RECORDS=$(grep '"records"' "$WORK/gen/_generator.json" | tr -dc '0-9')

runner_args() {
  case "$1" in
    direct) echo "--runner=DirectRunner" ;;
    spark) echo "--runner=SparkRunner --sparkMaster=local[2] --batchIntervalMillis=1000" ;;
  esac
}

for r in $RUNNERS; do
  # Throughput: the whole generated folder, then the idle wait that ends the job.
  out="$WORK/out-$r"
  start=$(date +%s.%N)
  # shellcheck disable=SC2086,SC2046
  java ${JAVA_OPTS:-} -jar "$JAR" orders-cdc --input="$WORK/gen/changes" --output="$out" \
      --stopAfterIdleSeconds=$IDLE $(runner_args "$r") >"$WORK/$r-throughput.log" 2>&1
  end=$(date +%s.%N)
  secs=$(echo "$end - $start - $IDLE" | bc -l)
  printf '%s throughput: %s records in %.1f s (wall less %s s idle) = %.0f records/s; %s\n' \
      "$r" "$RECORDS" "$secs" "$IDLE" "$(echo "$RECORDS / $secs" | bc -l)" "$(grep -h 'orders-cdc run' "$WORK/$r-throughput.log" | cut -c1-160)"

  # Latency: a file of 20 new orders every 500 ms while the job runs, H2 shared through its auto server.
  in="$WORK/latency-in-$r" && mkdir -p "$in"
  out="$WORK/latency-out-$r"
  url="jdbc:h2:file:$out/_db/orders_cdc;AUTO_SERVER=TRUE"
  # shellcheck disable=SC2086,SC2046
  java ${JAVA_OPTS:-} -jar "$JAR" orders-cdc --input="$in" --output="$out" --jdbcUrl="$url" --pollMillis=200 \
      --stopAfterIdleSeconds=10 $(runner_args "$r") >"$WORK/$r-latency.log" 2>&1 &
  job=$!
  java -cp "$JAR" bench/CdcLatency.java "$in" "$url" "$LATENCY_SECONDS" 500 20 | sed "s/^/$r /"
  wait "$job" || echo "$r latency run exited with $?"
done
