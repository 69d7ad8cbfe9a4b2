package io.salespipelines.pipelines;

/** Run by {@link ClassDataArchiveTest} from a jar of its own: a class for the JVM to archive. */
public final class ClassDataProbe {
  private ClassDataProbe() {}

  public static void main(String[] args) {
    System.out.println("probe ran");
  }
}
