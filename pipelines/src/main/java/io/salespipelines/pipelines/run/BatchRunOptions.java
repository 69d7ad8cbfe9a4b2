package io.salespipelines.pipelines.run;

import io.salespipelines.pipelines.publish.CatalogOptions;
import io.salespipelines.pipelines.s3.S3JobOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;

/**
 * The options every batch job over a landing zone shares (SPEC 1.4): where it reads and writes, the
 * run id, the ledger switches, the archive and the data-quality gate. A job's own options extend it.
 */
public interface BatchRunOptions extends S3JobOptions, CatalogOptions {
  @Description("Landing zone: folder or s3:// prefix whose files (directly inside it) are read.")
  @Validation.Required
  String getInput();

  void setInput(String value);

  @Description("Output folder or s3:// prefix; each table is a sub-folder.")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description(
      "Id of this run ([A-Za-z0-9._-], unique per output). Default: UTC timestamp plus a short"
          + " random suffix.")
  String getRunId();

  void setRunId(String value);

  @Description(
      "Read every landing file again, also those the ledger lists as processed (the records they"
          + " hold, accepted before, then count as duplicates).")
  @Default.Boolean(false)
  boolean getReprocess();

  void setReprocess(boolean value);

  @Description(
      "After the commit, move processed files to <input>/processed/<run_id>/ and files rejected"
          + " whole to <input>/error_files/<error_type>/.")
  @Default.Boolean(false)
  boolean getArchive();

  void setArchive(boolean value);

  @Description(
      "Row-level tables gain a file in every partition a run touches: once a partition holds small"
          + " files (under 32 MiB) of this many runs, the run rewrites them into one file of the same"
          + " rows, which replaces them at its commit. 0: never.")
  @Default.Integer(8)
  int getCompactAfterRuns();

  void setCompactAfterRuns(int value);

  @Description(
      "Data-quality gate, e.g. 0.05: when a larger share of the records read are dead letters, the"
          + " run writes its dead letters and run record, commits no other table, and fails.")
  String getMaxBadRate();

  void setMaxBadRate(String value);

  @Description(
      "Leave files modified less than this many seconds ago for a later run (a file still being"
          + " uploaded or written is not read half-way). 0 reads every file.")
  @Default.Long(0)
  long getMinFileAgeSeconds();

  void setMinFileAgeSeconds(long value);

  @Description(
      "Seconds between the progress lines printed while the pipeline runs (files and records read"
          + " so far); 0 prints none. A run shorter than this prints no progress at all.")
  @Default.Integer(5)
  int getProgressSeconds();

  void setProgressSeconds(int value);

  @Description(
      "A run whose new files add up to at most this many MiB (compressed files count ten times"
          + " their size) stops the JVM's optimizing JIT compiler (C2) once they are listed: such a"
          + " run is over before C2's work pays off. 0 never does. Only in a JVM started for the one"
          + " job (java -jar): the switch holds for the JVM's life, so a program that runs jobs itself"
          + " keeps its JIT.")
  @Default.Integer(16)
  int getLightJitUpToMiB();

  void setLightJitUpToMiB(int value);
}
