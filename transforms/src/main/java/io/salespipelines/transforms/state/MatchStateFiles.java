package io.salespipelines.transforms.state;

import java.io.IOException;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MetadataCoderV2;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * The files of a state or table file pattern, none being fine (a first run). {@code
 * FileIO.matchAll()} without its {@code Reshuffle.viaRandomKey}: the files are read by a splittable
 * Parquet read ({@link ReadParquetFiles}, {@code ParquetIO.readFiles}) that splits them by row group
 * and lets the runner spread those, so the shuffle of a few file names only added steps (seven of
 * them for each state read; a daily sales-marts run makes four, each step costs the Direct runner
 * bookkeeping and Spark a stage).
 */
public class MatchStateFiles extends PTransform<PCollection<String>, PCollection<MatchResult.Metadata>> {
  @Override
  public PCollection<MatchResult.Metadata> expand(PCollection<String> filepatterns) {
    return filepatterns.apply("Match", ParDo.of(new MatchFn())).setCoder(MetadataCoderV2.of());
  }

  static class MatchFn extends DoFn<String, MatchResult.Metadata> {
    @ProcessElement
    public void process(@Element String filepattern, OutputReceiver<MatchResult.Metadata> out) throws IOException {
      for (MatchResult.Metadata file : FileSystems.match(filepattern, EmptyMatchTreatment.ALLOW).metadata()) {
        out.output(file);
      }
    }
  }
}
