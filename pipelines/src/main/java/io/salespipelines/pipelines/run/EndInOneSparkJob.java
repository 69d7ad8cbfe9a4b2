package io.salespipelines.pipelines.run;

import io.salespipelines.pipelines.SparkJvm;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.runners.spark.translation.SparkPipelineTranslator;
import org.apache.beam.runners.spark.translation.TransformTranslator;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PValue;

/**
 * Ends every branch of a batch pipeline in one step, so that Beam's Spark runner computes it in one
 * Spark job. The runner forces each collection that no step reads (a "leaf": a sink's last output,
 * an unused side output) with a Spark action of its own, one after another: a sales-marts run had 29
 * such jobs, and while one ran a stage of a single task the other cores waited. In one job Spark's
 * scheduler runs the stages of independent branches side by side. The outputs are the same; the
 * Direct runner, which runs all steps at once anyway, is left as it is.
 */
public final class EndInOneSparkJob extends PTransform<PBegin, PCollection<Void>> {
  private final List<PCollection<?>> leaves;

  private EndInOneSparkJob(List<PCollection<?>> leaves) {
    this.leaves = leaves;
  }

  /** On a Spark runner, joins the pipeline's leaves in one step; returns how many it joined. */
  public static int applyIfSpark(Pipeline p, PipelineOptions options) {
    if (!SparkJvm.isSpark(options)) {
      return 0;
    }
    List<PCollection<?>> leaves = leaves(p);
    if (leaves.size() > 1) {
      p.apply("EndInOneSparkJob", new EndInOneSparkJob(leaves));
    }
    return leaves.size();
  }

  /**
   * The collections no step reads, as the Spark runner sees the pipeline: a composite it translates
   * whole (a {@code Combine}, a {@code Reshuffle}) is one step, whose inner collections never exist.
   */
  static List<PCollection<?>> leaves(Pipeline p) {
    SparkPipelineTranslator translator = new TransformTranslator.Translator();
    Set<PValue> read = new HashSet<>();
    Set<PCollection<?>> made = new LinkedHashSet<>();
    p.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            if (node.getTransform() != null && translator.hasTranslation(node.getTransform())) {
              step(node);
              return CompositeBehavior.DO_NOT_ENTER_TRANSFORM;
            }
            return CompositeBehavior.ENTER_TRANSFORM;
          }

          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            step(node);
          }

          private void step(TransformHierarchy.Node node) {
            PTransform<?, ?> transform = node.getTransform();
            // A side input is read through its view, which the runner collects into a broadcast
            // value: a collection that only feeds side inputs (View.asMap makes such) stays a leaf.
            Collection<PValue> sideInputs = new HashSet<>(transform.getAdditionalInputs().values());
            node.getInputs().values().stream().filter(in -> !sideInputs.contains(in)).forEach(read::add);
            if (!(transform instanceof View.CreatePCollectionView)) {
              node.getOutputs().values().forEach(out -> made.add((PCollection<?>) out));
            }
          }
        });
    List<PCollection<?>> leaves = new ArrayList<>();
    for (PCollection<?> c : made) {
      if (!read.contains(c)) {
        leaves.add(c);
      }
    }
    return leaves;
  }

  @Override
  @SuppressWarnings("unchecked")
  public PCollection<Void> expand(PBegin begin) {
    PCollectionList<Void> ends = PCollectionList.empty(begin.getPipeline());
    for (int i = 0; i < leaves.size(); i++) {
      ends = ends.and(
          ((PCollection<Object>) leaves.get(i))
              .apply("End" + i, ParDo.of(new DropAll()))
              .setCoder(VoidCoder.of()));
    }
    return ends.apply("AllEnds", Flatten.pCollections());
  }

  /** Reads a branch's last collection so that it is computed; emits nothing. */
  private static final class DropAll extends DoFn<Object, Void> {
    @ProcessElement
    public void drop() {}
  }
}
