package io.salespipelines.pipelines;

/** A mistake in how a job was called; the CLI prints the message as one line and exits with 2. */
public class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
