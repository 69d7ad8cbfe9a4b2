#!/usr/bin/env bash
# Builds the runnable jar, generates sample data and runs sales-marts on it with the Direct runner.
#   ./quickstart.sh [ROWS]      (default 100000 rows; outputs in ./sample/out)
set -euo pipefail
cd "$(dirname "$0")"
rows="${1:-100000}"
mvn -B -q -ntp package -DskipTests -pl pipelines -am   # the runnable jar only
jar=pipelines/target/sales-pipelines.jar
rm -rf sample
java -jar "$jar" generate --output=sample --rows="$rows" --seed=42 --badRate=0.02
java -jar "$jar" sales-marts --input=sample/landing --output=sample/out
echo "tables: $(ls sample/out)"
