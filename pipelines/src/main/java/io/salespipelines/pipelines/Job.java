package io.salespipelines.pipelines;

import java.io.PrintStream;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * One command of the jar ({@code sales-marts}, {@code generate}, ...): its name, its options and what
 * it does. {@link Main} lists them; parsing, {@code --help}, {@code --config} and the exit codes are
 * the same for every job.
 */
public interface Job<O extends PipelineOptions> {
  /** The name on the command line. */
  String name();

  Class<O> optionsType();

  /**
   * True for jobs that run a Beam pipeline: they get the production defaults of the runners (see
   * {@link Main#productionDefaults}) and Spark's JVM preparation.
   */
  default boolean runsPipeline() {
    return true;
  }

  /**
   * Options the command line gives this job on Spark unless given ({@code --name=value}; see {@link
   * Main#productionDefaults}).
   */
  default List<String> sparkDefaults() {
    return List.of(Main.SPARK_STORAGE_LEVEL);
  }

  /**
   * Runs the job and returns the one line printed when it succeeds.
   *
   * @param args the job's arguments as given (after {@code --config} expansion, before defaults),
   *     for the run record
   */
  String run(O options, List<String> args, PrintStream out) throws Exception;
}
