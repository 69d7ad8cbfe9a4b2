package io.salespipelines.pipelines.run;

/**
 * Where one run stages its tables ({@code <output>/_tmp/<run_id>/}) before they are committed, and
 * the files the pipeline leaves there for the driver: the counts, the files rejected whole and,
 * once the pipeline has succeeded, the commit plan.
 */
public final class Staging {
  private final String root;

  public Staging(String output, String runId) {
    this.root = Locations.withSlash(output) + "_tmp/" + runId;
  }

  public String root() {
    return root;
  }

  /** The staged folder of a table, or of a state folder such as {@code _state/accepted_sales}. */
  public String table(String name) {
    return root + "/" + name;
  }

  /** {@code label<TAB>count} lines written by {@code CountOutcomes}. */
  public String countsFile() {
    return root + "/_counts/counts.tsv";
  }

  /** {@code error_type<TAB>source} lines of the files rejected whole ({@code CountOutcomes#rejectedFileLine}). */
  public String rejectedFilesFile() {
    return root + "/_counts/rejected_files.tsv";
  }

  /** The files the run's compaction rewrote into new ones, a path a line ({@code Compaction}). */
  public String replacedFilesFile() {
    return root + "/_compaction/replaced.txt";
  }

  /** The marker that says the pipeline finished and the commit may be (re)done. */
  String commitFile() {
    return root + "/_COMMIT.json";
  }
}
