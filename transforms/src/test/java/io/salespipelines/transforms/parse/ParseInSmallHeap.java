package io.salespipelines.transforms.parse;

import io.salespipelines.schemas.DeadLetter;
import io.salespipelines.schemas.SalesLine;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;

/**
 * Parses the files named on the command line on the Direct runner and prints one line per output
 * ({@code OUT row file:line} or {@code OUT dead file:line|type|raw length|message}). {@link
 * ParseSalesFileTest} runs it in a child JVM with a small heap, which is how it proves that huge
 * records and files without line breaks are read in bounded memory.
 */
public final class ParseInSmallHeap {
  private ParseInSmallHeap() {}

  public static void main(String[] paths) {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    WithFailures.Result<PCollection<SalesLine>, DeadLetter> r =
        p.apply(Create.of(List.of(paths)).withCoder(StringUtf8Coder.of())).apply(new ParseSalesFile());
    r.output().apply("PrintRows", ParDo.of(new PrintRow()));
    r.failures().apply("PrintDeadLetters", ParDo.of(new PrintDeadLetter()));
    p.run().waitUntilFinish();
    System.out.println("OUT done, max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
  }

  static final class PrintRow extends DoFn<SalesLine, Void> {
    @ProcessElement
    public void process(@Element SalesLine l) {
      System.out.println("OUT row " + ParseSalesFile.fileName(l.getSource()) + ":" + l.getLine());
    }
  }

  static final class PrintDeadLetter extends DoFn<DeadLetter, Void> {
    @ProcessElement
    public void process(@Element DeadLetter d) {
      System.out.println(
          "OUT dead " + ParseSalesFile.fileName(d.getSource()) + ":" + d.getLine() + "|" + d.getErrorType()
              + "|" + d.getRaw().length() + "|" + d.getMessage());
    }
  }
}
