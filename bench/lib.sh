# Shared by the bench scripts (sourced, not run): timing one command and the medians table.
# The caller sets WORK (logs go there) and RAW (one line per run is appended there).

# measure NAME COMMAND...: runs the command under GNU time; appends "name wall_s peak_rss_mib" to RAW.
measure() {
  local name="$1"; shift
  local log="$WORK/$name.time"
  echo "running $name" >&2
  if ! /usr/bin/time -v -o "$log" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err"; then
    echo "$name failed; see $WORK/$name.err" >&2
    tail -3 "$WORK/$name.err" >&2
    printf '%s\tfailed\tfailed\n' "$name" >> "$RAW"
    return
  fi
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  printf '%s\t%s\t%s\n' "$name" "$wall" "$rss" >> "$RAW"
}

# medians RAW ROWS UNIT BASELINE LABEL: per run name, the median wall s, UNIT/s at that median, the
# median peak RSS, every wall time, and the ratio of the median to BASELINE's median (when it ran),
# headed LABEL.
medians() {
  awk -F'\t' -v rows="$2" -v unit="$3" -v baseline="$4" -v label="$5" '
    function median(list,   n, a, i, j, t) {
      n = split(list, a, " ")
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    $2 == "failed" { failed[$1] = 1; if (!($1 in order)) { order[$1] = ++k; names[k] = $1 }; next }
    { if (!($1 in order)) { order[$1] = ++k; names[k] = $1 }; walls[$1] = walls[$1] " " $2; rsss[$1] = rsss[$1] " " $3 }
    END {
      if (baseline in walls) base = median(walls[baseline])
      printf "%-30s %10s %10s %13s %12s  %s\n", "run", "median s", unit "/s", "peak RSS MiB", label, "all wall s"
      for (i = 1; i <= k; i++) {
        n = names[i]
        if (!(n in walls)) { printf "%-30s %10s\n", n, "failed"; continue }
        w = median(walls[n]); r = median(rsss[n])
        ratio = base ? sprintf("%.2fx", w / base) : "-"
        printf "%-30s %10.1f %10.0f %13.0f %12s %s%s\n", n, w, rows / w, r, ratio, walls[n], (n in failed) ? " (some failed)" : ""
      }
    }' "$1"
}

# warm_class_data JAR JOB RUNNER [JAVA_OPTS...]: unless JAVA_OPTS turn class-data sharing off, one small run of JOB (sales-marts or
# orders-analytics) on RUNNER (direct or spark) from JAR, unmeasured, so that the job's class-data
# archive (README, "Class-data sharing") exists before the measured runs: the run that writes it
# pays about 12 s once, which would otherwise land on whichever measured run came first.
warm_class_data() {
  local jar="$1" job="$2" runner="$3"; shift 3
  [[ " $* " == *" -Dsalespipelines.classDataSharing=false "* ]] && return 0
  local data="$WORK/warm-$job" out="$WORK/warm-$job-$runner-out"
  local runner_args=()
  [ "$runner" = spark ] && runner_args=(--runner=SparkRunner "--sparkMaster=local[2]")
  if [ ! -d "$data" ]; then
    local dataset=()
    [ "$job" = orders-analytics ] && dataset=(--dataset=orders)
    java -jar "$jar" generate --output="$data" --rows=1000 "${dataset[@]}" > /dev/null
  fi
  rm -rf "$out"
  echo "warming $job on $runner (its class-data archive)" >&2
  local input=(--input="$data/landing")
  [ "$job" = sales-marts ] && input+=(--dimensions="$data/dimensions" --jdbcUrl=none)
  java "$@" -jar "$jar" "$job" "${input[@]}" --output="$out" --progressSeconds=0 \
    "${runner_args[@]}" > "$out.log" 2>&1 || { echo "warm-up of $job on $runner failed; see $out.log" >&2; return 1; }
  rm -rf "$out"
}
