#!/usr/bin/env bash
# The id column of an output's accepted-sales state, read as a run on top of history reads it (not
# a test; issue 12): the job's reader (ReadParquetFiles, each file's footer read twice, no Hadoop
# defaults) against ParquetIO.readFiles with the same projection, in ROUNDS interleaved rounds, on
# the runner RUNNER. Prints each run's seconds and the ids read (the same for both readers).
#
#   bench/read-state.sh STATE_DIR                       # e.g. OUT/_state/accepted_sales of a run
#   RUNNER=spark ROUNDS=3 JAVA_OPTS=-Xmx2g bench/read-state.sh /tmp/out/_state/accepted_sales
#
# Needs the fat jar (mvn -B package -DskipTests -pl pipelines -am).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE="${1:?usage: bench/read-state.sh STATE_DIR}"
RUNNER="${RUNNER:-direct}"
ROUNDS="${ROUNDS:-3}"
JAVA_OPTS="${JAVA_OPTS:--Xmx2g}"
WORK="${WORK:-/tmp/read-state-bench}"
JAR="${JAR:-$ROOT/pipelines/target/sales-pipelines.jar}"
[ -f "$JAR" ] || { echo "no $JAR: build it with mvn -B package -DskipTests -pl pipelines -am" >&2; exit 2; }
CLASSES="$WORK/classes"
if [ ! -f "$CLASSES/ReadState.class" ] || [ "$ROOT/bench/ReadState.java" -nt "$CLASSES/ReadState.class" ]; then
  mkdir -p "$CLASSES" && javac -d "$CLASSES" -cp "$JAR" "$ROOT/bench/ReadState.java"
fi
case "$RUNNER" in
  direct) BEAM="--runner=DirectRunner --targetParallelism=2 --enforceImmutability=false --enforceEncodability=false"
          JVM="" ;;
  spark)  BEAM="--runner=SparkRunner --sparkMaster=local[2]"
          # Spark 3.5 on Java 17 (the job's launcher adds these itself).
          JVM="-XX:+IgnoreUnrecognizedVMOptions"
          for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util \
                   java.util.concurrent java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs \
                   sun.security.action sun.util.calendar; do JVM="$JVM --add-opens=java.base/$p=ALL-UNNAMED"; done ;;
  *) echo "RUNNER is direct or spark" >&2; exit 2 ;;
esac
echo "read-state: $(find "$STATE" -name '*.parquet' | wc -l) files ($(du -sh "$STATE" | cut -f1)) in $STATE, $RUNNER," \
  "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), JAVA_OPTS='$JAVA_OPTS'"
for round in $(seq "$ROUNDS"); do
  for mode in parquetio files; do
    # shellcheck disable=SC2086 # option lists
    java $JAVA_OPTS $JVM -cp "$JAR:$CLASSES" ReadState "$mode" "$STATE" $BEAM 2> "$WORK/$mode-$round.err" \
      | sed "s/^/round $round: /" || echo "round $round: $mode failed; see $WORK/$mode-$round.err"
  done
done
