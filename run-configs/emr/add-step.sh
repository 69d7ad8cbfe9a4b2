#!/usr/bin/env bash
# Adds the sales-marts step to a running EMR cluster: fills the ${PARAMETERS} of
# sales-marts-step.json from the environment (envsubst, package gettext-base) and calls aws emr add-steps.
#   CLUSTER_ID=j-XXXX JAR_S3_URI=s3://acme-artifacts/sales-pipelines-spark.jar DATA_BUCKET=acme-sales \
#     run-configs/emr/add-step.sh
# Create the cluster with the configuration it needs (EMR 7.x, Java 17):
#   aws emr create-cluster --release-label emr-7.5.0 --applications Name=Spark \
#     --configurations file://run-configs/emr/cluster-configurations.json ...
set -euo pipefail
: "${CLUSTER_ID:?}" "${JAR_S3_URI:?}" "${DATA_BUCKET:?}"
export LANDING_PREFIX="${LANDING_PREFIX:-landing}" DIMENSIONS_PREFIX="${DIMENSIONS_PREFIX:-dimensions}"
export MARTS_PREFIX="${MARTS_PREFIX:-marts}" AWS_REGION="${AWS_REGION:-us-east-1}" JDBC_URL="${JDBC_URL:-none}"
export RUN_LABEL="${RUN_LABEL:-$(date -u +%Y%m%dT%H%M%SZ)}" JAR_S3_URI DATA_BUCKET
STEP=$(mktemp --suffix=.json)
trap 'rm -f "$STEP"' EXIT
envsubst < "$(dirname "$0")/sales-marts-step.json" > "$STEP"
aws emr add-steps --cluster-id "$CLUSTER_ID" --steps "file://$STEP"
