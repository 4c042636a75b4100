package dev.sculptor.evaluator.artifact;

import dev.sculptor.core.messaging.EvaluationResult.ArtifactRef;
import dev.sculptor.core.messaging.ModelFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;

/** Where deployable models go; the api serves downloads from the same place. */
public interface ArtifactStore {
  /**
   * Stores a finished model file of one format for one attempt at a candidate and says where it is.
   * Each attempt and format has its own place, written once: an existing one is never replaced (a
   * {@link java.nio.file.FileAlreadyExistsException}), so a late or repeated evaluation cannot
   * overwrite a model whose digest was already reported.
   */
  ArtifactRef put(UUID jobId, UUID candidateId, int attempt, ModelFormat format, Path file)
      throws IOException;

  /** A scratch file on the store's own file system, so {@link #put} can move it in atomically. */
  Path newTempFile() throws IOException;
}
