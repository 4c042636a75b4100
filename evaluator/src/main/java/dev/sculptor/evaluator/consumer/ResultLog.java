package dev.sculptor.evaluator.consumer;

import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;

/**
 * Results this evaluator already produced, on disk, so a redelivered request (the broker resends
 * when a commit was lost) is answered with the same result instead of a second evaluation.
 */
final class ResultLog {
  private final Path dir;

  ResultLog(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  Optional<EvaluationResult> find(UUID candidateId, int attempt) {
    Path file = file(candidateId, attempt);
    try {
      return Files.exists(file)
          ? Optional.of(Json.read(Files.readString(file), EvaluationResult.class))
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  void record(EvaluationResult result) throws IOException {
    Path tmp = Files.createTempFile(dir, "result-", ".tmp");
    Files.writeString(tmp, Json.write(result));
    Files.move(
        tmp,
        file(result.candidateId(), result.attempt()),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  private Path file(UUID candidateId, int attempt) {
    return dir.resolve(candidateId + "-" + attempt + ".json");
  }
}
