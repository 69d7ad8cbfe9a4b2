#!/usr/bin/env bash
# orders-cdc benchmark (not a test): sustained records/s and end-to-end latency (record created ->
# visible in orders_current) on the Direct runner and on Spark local[2], files source.
#   bench/cdc.sh [ROWS]            # default 50000 change records
# Environment: JAVA_OPTS (e.g. -Xmx3g), WORK (default /tmp/cdc-bench), LATENCY_SECONDS (60),
# RUNNERS ("direct spark"), SPARK_BATCH_MS (1000), JAR (default pipelines/target/sales-pipelines.jar,
# e.g. an older build to compare), H2_PORT (19092), SKIP_THROUGHPUT (1 for latency only). Prints one line per measurement; the machine may be shared, say so.
# Both measurements start once the job is up: bench/CdcLatency.java drops one-record warm-up files
# until the job notes one as read, so JVM start, pipeline construction and Spark's context
# start are left out (the "wall" figure keeps them in).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-50000}"
WORK="${WORK:-/tmp/cdc-bench}"
LATENCY_SECONDS="${LATENCY_SECONDS:-60}"
RUNNERS="${RUNNERS:-direct spark}"
SPARK_BATCH_MS="${SPARK_BATCH_MS:-1000}"
JAR="${JAR:-pipelines/target/sales-pipelines.jar}"
IDLE=2
H2_PORT="${H2_PORT:-19092}"
[ -f "$JAR" ] || mvn -B -q -ntp package -DskipTests -pl pipelines -am
rm -rf "$WORK" && mkdir -p "$WORK"
# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -jar "$JAR" generate --dataset=cdc --output="$WORK/gen" --rows="$ROWS" --seed=7 >/dev/null
RECORDS=$(grep '"records"' "$WORK/gen/_generator.json" | tr -dc '0-9')

runner_args() {
  case "$1" in
    direct) echo "--runner=DirectRunner" ;;
    spark) echo "--runner=SparkRunner --sparkMaster=local[2] --batchIntervalMillis=$SPARK_BATCH_MS" ;;
  esac
}

for r in $RUNNERS; do
  if [ -z "${SKIP_THROUGHPUT:-}" ]; then
  # Throughput: the job watches an empty folder; once it is up, the generated files go in at once;
  # it ends IDLE s after the last new file. Sustained = records / (exit - files in), which includes
  # the final drain (last panes, order_activity) and at most the idle wait.
  in="$WORK/throughput-in-$r" && mkdir -p "$in"
  out="$WORK/out-$r"
  start=$(date +%s.%N)
  # shellcheck disable=SC2086,SC2046
  java ${JAVA_OPTS:-} -jar "$JAR" orders-cdc --input="$in" --output="$out" --pollMillis=200 \
      --stopAfterIdleSeconds=$IDLE $(runner_args "$r") >"$WORK/$r-throughput.log" 2>&1 &
  job=$!
  read -r fed warm < <(java -cp "$JAR" bench/CdcLatency.java feed "$in" "$out" "$WORK/gen/changes")
  wait "$job" || echo "$r throughput run exited with $?"
  end=$(date +%s.%N)
  secs=$(echo "$end - $fed / 1000" | bc -l)
  wall=$(echo "$end - $start" | bc -l)
  printf '%s throughput: %s records in %.1f s after they arrived = %.0f records/s sustained (wall from JVM start %.1f s, %s warm-up records); %s\n' \
      "$r" "$RECORDS" "$secs" "$(echo "$RECORDS / $secs" | bc -l)" "$wall" "$warm" \
      "$(grep -h 'orders-cdc run' "$WORK/$r-throughput.log" | cut -c1-200)"
  fi

  # Latency: once the job is up, a file of 20 new orders every 500 ms; H2 behind a TCP server that
  # the job and the probe both connect to (with AUTO_SERVER, whichever opened first hosted it, and
  # the job could find the database locked).
  in="$WORK/latency-in-$r" && mkdir -p "$in"
  out="$WORK/latency-out-$r" && mkdir -p "$out/_db"
  java -cp "$JAR" bench/CdcLatency.java server "$H2_PORT" >"$WORK/$r-h2.log" 2>&1 &
  h2=$!
  for _ in $(seq 1 300); do (echo >"/dev/tcp/127.0.0.1/$H2_PORT") 2>/dev/null && break; sleep 0.2; done
  url="jdbc:h2:tcp://127.0.0.1:$H2_PORT/$out/_db/orders_cdc"
  # shellcheck disable=SC2086,SC2046
  java ${JAVA_OPTS:-} -jar "$JAR" orders-cdc --input="$in" --output="$out" --jdbcUrl="$url" --pollMillis=200 \
      --stopAfterIdleSeconds=10 $(runner_args "$r") >"$WORK/$r-latency.log" 2>&1 &
  job=$!
  java -cp "$JAR" bench/CdcLatency.java latency "$in" "$out" "$url" "$LATENCY_SECONDS" 500 20 | sed "s/^/$r /"
  wait "$job" || echo "$r latency run exited with $?"
  kill "$h2"
done
