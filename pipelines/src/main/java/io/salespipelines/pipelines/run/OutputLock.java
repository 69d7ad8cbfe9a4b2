package io.salespipelines.pipelines.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipelines.pipelines.UsageException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run at a time per output: {@code _state/_LOCK} names the run holding it. A lock left by a
 * process that no longer exists on this host (a killed run) is taken over. On a local disk the
 * lock is created atomically; an object store has no atomic create, so there it guards against
 * mistakes, not races.
 */
final class OutputLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String path;

  private OutputLock(String path) {
    this.path = path;
  }

  static OutputLock acquire(String output, String runId) throws IOException {
    String path = Locations.withSlash(output) + "_state/_LOCK";
    String host = InetAddress.getLocalHost().getHostName();
    long pid = ProcessHandle.current().pid();
    String content =
        JSON.createObjectNode()
            .put("run_id", runId)
            .put("host", host)
            .put("pid", pid)
            .put("started_at", Instant.now().toString())
            .toString();
    if (StateFiles.exists(path)) {
      JsonNode holder = JSON.readTree(StateFiles.readText(path));
      boolean deadHere =
          host.equals(holder.path("host").asText())
              && ProcessHandle.of(holder.path("pid").asLong()).map(p -> !p.isAlive()).orElse(true);
      if (!deadHere) {
        throw new UsageException(
            "another run (" + holder.path("run_id").asText() + ", pid " + holder.path("pid").asText()
                + " on " + holder.path("host").asText() + ", since " + holder.path("started_at").asText()
                + ") is writing to this output; if it is gone, delete " + path);
      }
      LOG.warn("taking over the lock of run {}, whose process is gone", holder.path("run_id").asText());
      OutputCommitter.deleteIfExists(path);
    }
    ResourceId resource = FileSystems.matchNewResource(path, false);
    if (Locations.isLocal(resource)) {
      Path file = Paths.get(resource.toString());
      Files.createDirectories(file.getParent());
      try {
        Files.write(file, content.getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException e) {
        throw new UsageException("another run started writing to this output just now (" + path + ")");
      }
    } else {
      StateFiles.writeText(path, content);
    }
    return new OutputLock(path);
  }

  @Override
  public void close() throws IOException {
    OutputCommitter.deleteIfExists(path);
  }
}
