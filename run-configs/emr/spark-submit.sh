#!/usr/bin/env bash
# sales-marts with spark-submit on an EMR 7.x primary node (Spark on YARN, Java 17), or on any
# Spark 3.5 cluster (set SPARK_MASTER, e.g. spark://host:7077). Source it or run it:
#   JAR=s3://acme-artifacts/sales-pipelines-spark.jar DATA_BUCKET=acme-sales run-configs/emr/spark-submit.sh [--more=options]
# Parameters (environment):
#   JAR            the slim jar (mvn package -> pipelines-spark/target/sales-pipelines-spark.jar),
#                  a local path or s3:// URI
#   DATA_BUCKET    bucket of landing/, dimensions/ and the marts
#   LANDING_PREFIX, DIMENSIONS_PREFIX, MARTS_PREFIX   prefixes in it (landing, dimensions, marts)
#   AWS_REGION     region of the bucket (us-east-1)
#   JDBC_URL       database the aggregates are upserted into (none)
#   SPARK_MASTER   yarn; DEPLOY_MODE client (cluster runs the driver on a core node)
# Extra arguments are passed to the job and override these (e.g. --reprocess=true).
set -euo pipefail
: "${JAR:?set JAR to the sales-pipelines-spark.jar path or s3:// URI}"
: "${DATA_BUCKET:?set DATA_BUCKET}"

# Spark 3.5 on Java 17 needs these java.base packages open, in the driver and every executor.
JAVA17_OPENS="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"

spark-submit \
  --master "${SPARK_MASTER:-yarn}" \
  --deploy-mode "${DEPLOY_MODE:-client}" \
  --class io.salespipelines.pipelines.Main \
  --conf "spark.driver.extraJavaOptions=${JAVA17_OPENS}" \
  --conf "spark.executor.extraJavaOptions=${JAVA17_OPENS}" \
  --conf spark.serializer=org.apache.spark.serializer.KryoSerializer \
  "${JAR}" sales-marts \
  --runner=SparkRunner \
  --input="s3://${DATA_BUCKET}/${LANDING_PREFIX:-landing}" \
  --dimensions="s3://${DATA_BUCKET}/${DIMENSIONS_PREFIX:-dimensions}" \
  --output="s3://${DATA_BUCKET}/${MARTS_PREFIX:-marts}" \
  --awsRegion="${AWS_REGION:-us-east-1}" \
  --jdbcUrl="${JDBC_URL:-none}" \
  --shuffleBuckets=64 \
  --rowTableShards=8 \
  "$@"
