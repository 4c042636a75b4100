package dev.sculptor.evaluator.artifact;

import dev.sculptor.core.messaging.EvaluationResult.ArtifactRef;
import dev.sculptor.core.messaging.ModelFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
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

  /**
   * Keeps {@code file} (a {@link TrainingCheckpoint}, moved in from {@link #newTempFile}) as the
   * training checkpoint of one evaluation, replacing an older one: unlike a model it is never
   * reported, only continued from, and a later one of the same evaluation holds at least as much
   * training. A store that keeps none says so with an exception.
   */
  default void putCheckpoint(UUID jobId, UUID candidateId, Path file) throws IOException {
    throw new IOException("this artifact store keeps no training checkpoints");
  }

  /** The training checkpoint stored for one evaluation, if this store has it. */
  default Optional<Path> checkpoint(UUID jobId, UUID candidateId) {
    return Optional.empty();
  }

  /**
   * The stored file {@code ref} names, when this store holds it with the size and digest the
   * reference gives (a model another evaluation stored here); empty otherwise.
   */
  default Optional<Path> file(ArtifactRef ref) {
    return Optional.empty();
  }
}
