package io.salespipelines.pipelines.run;

import io.salespipelines.schemas.DeadLetter;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;

/** What the run lifecycle hands a batch job's pipeline: the run, its new input files, its staging. */
public final class RunContext {
  private final String runId;
  private final String output;
  private final Staging staging;
  private final List<String> inputFiles;
  private final long inputWeight;
  private final List<DeadLetter> listingProblems;
  private final boolean exact;
  private int inputPasses = 1;

  RunContext(
      String runId, String output, Staging staging, List<String> inputFiles, long inputWeight,
      List<DeadLetter> listingProblems, boolean exact) {
    this.runId = runId;
    this.output = output;
    this.staging = staging;
    this.inputFiles = inputFiles;
    this.inputWeight = inputWeight;
    this.listingProblems = listingProblems;
    this.exact = exact;
  }

  /**
   * Whether the pipeline must take no fast path: set when its first run found the fast path's
   * assumption broken (see {@code BatchJob#runAgain}).
   */
  public boolean exact() {
    return exact;
  }

  public String runId() {
    return runId;
  }

  /** The files this run reads (new since the ledger, or all with --reprocess), sorted by path. */
  public List<String> inputFiles() {
    return inputFiles;
  }

  /** The {@link InputWeight} of those files, from the landing listing. */
  public long inputWeight() {
    return inputWeight;
  }

  public Staging staging() {
    return staging;
  }

  /** How many times the pipeline reads the input files (for the progress lines); 1 unless set. */
  public int inputPasses() {
    return inputPasses;
  }

  /** Says the pipeline reads the input files this many times. */
  public void setInputPasses(int passes) {
    this.inputPasses = passes;
  }

  /** Where the run's files start their names, so later runs' files can join the same folder. */
  public String filePrefix() {
    return "part-" + runId;
  }

  /** A committed folder of the output (a table, or state such as {@code _state/accepted_sales}). */
  public String committed(String folder) {
    return Locations.withSlash(output) + folder;
  }

  /**
   * One {@code unreadable} dead letter per entry of the landing folder that could not even be
   * listed as a file (a dangling or looping link, a pipe): the job flattens them into its dead
   * letters, so they are written and counted like any other.
   */
  public PCollection<DeadLetter> listingDeadLetters(Pipeline p) {
    try {
      return p.apply(
          "LandingProblems",
          Create.of(listingProblems).withCoder(p.getSchemaRegistry().getSchemaCoder(DeadLetter.class)));
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException(e);
    }
  }
}
