package dev.sculptor.evaluator.artifact;

import dev.sculptor.core.messaging.EvaluationResult.ArtifactRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;

/** Where deployable models go; the api serves downloads from the same place. */
public interface ArtifactStore {
  /** Stores a finished model file for a candidate and says where it is. */
  ArtifactRef put(UUID jobId, UUID candidateId, Path file) throws IOException;

  /** A scratch file on the store's own file system, so {@link #put} can move it atomically. */
  Path newTempFile() throws IOException;
}
