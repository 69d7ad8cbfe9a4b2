#!/usr/bin/env python3
"""Aggregates the CPU samples of a JFR recording (jdk.ExecutionSample) into the top frames by self
time and into inclusive shares of a few cost centres, for the README's profile tables.

    bench/jfr-top.py run.jfr [TOP]      # needs `jfr` (the JDK's) on the PATH

Record with a deep stack (JFR keeps 64 frames unless told), else the inclusive shares of frames
near a Spark task's root come out too small:
    java -XX:FlightRecorderOptions=stackdepth=256 -XX:StartFlightRecording=filename=run.jfr,settings=profile ...
"""
import collections
import re
import subprocess
import sys

# Inclusive cost centres: a sample counts once for each centre one of its frames matches.
CENTRES = [
    ("coders (Beam Coder encode/decode)", re.compile(r"org\.apache\.beam\.sdk\.(coders|schemas)\..*\.(encode|decode)|RowCoderGenerator|SchemaCoder|\.coders\.")),
    ("Parquet/Avro writing", re.compile(r"org\.apache\.parquet\..*(Writer|write)|ParquetIO\$Sink|OutputTable\.toAvro")),
    ("Parquet/Avro reading", re.compile(r"org\.apache\.parquet\..*(Reader|read)|ParquetIO\$.*Read")),
    ("Hadoop Configuration (XML)", re.compile(r"org\.apache\.hadoop\.conf\.Configuration")),
    ("Java serialization", re.compile(r"java\.io\.Object(Input|Output)Stream")),
    ("String.format", re.compile(r"java\.lang\.String\.format|java\.util\.Formatter")),
    ("parsing (ParseSalesFile, FastCSV, Jackson)", re.compile(r"transforms\.parse\.|de\.siegmar\.fastcsv|com\.fasterxml\.jackson\.core")),
    ("validation (ValidateSalesLine)", re.compile(r"transforms\.validate\.")),
    ("join (JoinDimensions)", re.compile(r"transforms\.join\.")),
    ("dedup", re.compile(r"transforms\.dedup\.")),
    ("aggregates (transforms.marts)", re.compile(r"transforms\.marts\.")),
    ("Spark shuffle/cache (storage, shuffle)", re.compile(r"org\.apache\.spark\.(storage|shuffle|util\.collection)")),
    ("Snappy/compression", re.compile(r"snappy|Snappy|zip\.(Inflater|Deflater)")),
    # Beam's Spark runner persists every multi-output step's output and every collection read by
    # more than one step (--storageLevel), encoded with the collection's coder; each reader decodes.
    ("Spark runner caches (encode, Java-serialize, decode)", re.compile(r"ValueAndCoderLazySerializable|TranslationUtils\.lambda\$getTupleTag")),
    ("schema coders (RowCoder, SchemaCoder, BigDecimalCoder)", re.compile(r"RowCoderGenerator|SchemaCoder|BigDecimalCoder")),
    ("the record coders (schemas.coders)", re.compile(r"io\.salespipelines\.schemas\.coders\.")),
]


def samples(path):
    out = subprocess.run(
        ["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "200", path],
        check=True, capture_output=True, text=True).stdout
    stack, inside = [], False
    for line in out.splitlines():
        s = line.strip()
        if s.startswith("stackTrace = ["):
            stack, inside = [], True
        elif inside and s == "]":
            inside = False
            yield stack
        elif inside and s and s != "...":
            stack.append(re.sub(r"\s+line:.*$", "", s))


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    self_time, centres, total = collections.Counter(), collections.Counter(), 0
    for stack in samples(path):
        if not stack:
            continue
        total += 1
        self_time[stack[0]] += 1
        for name, pattern in CENTRES:
            if any(pattern.search(f) for f in stack):
                centres[name] += 1
    print(f"{path}: {total} CPU samples")
    print("top frames by self time:")
    for frame, n in self_time.most_common(top):
        print(f"  {100.0 * n / total:5.1f}%  {frame}")
    print("inclusive cost centres:")
    for name, n in centres.most_common():
        print(f"  {100.0 * n / total:5.1f}%  {name}")


if __name__ == "__main__":
    main()
