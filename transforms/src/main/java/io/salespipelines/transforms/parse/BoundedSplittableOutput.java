package io.salespipelines.transforms.parse;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.ExperimentalOptions;

/**
 * Asks the Spark runner to stream a splittable read's outputs instead of collecting them. Beam's
 * Spark runner (batch) runs a splittable DoFn to the end of its restriction in one call and by
 * default keeps all the outputs of that call in a list before it hands them on: a whole gzip file's
 * rows. With the experiment {@value #EXPERIMENT} it runs the call in a second thread that hands
 * each output over through a queue of 500, so memory holds a few hundred rows whatever the file's
 * size. It applies to splittable DoFns only; other runners ignore it.
 */
public final class BoundedSplittableOutput {
  static final String EXPERIMENT = "use_bounded_concurrent_output_for_sdf";

  private BoundedSplittableOutput() {}

  /** Sets the experiment on the pipeline's options (before the pipeline runs). */
  public static void requestFor(Pipeline pipeline) {
    ExperimentalOptions options = pipeline.getOptions().as(ExperimentalOptions.class);
    if (!ExperimentalOptions.hasExperiment(options, EXPERIMENT)) {
      ExperimentalOptions.addExperiment(options, EXPERIMENT);
    }
  }
}
