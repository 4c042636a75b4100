package dev.sculptor.evaluator.consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sculptor.core.messaging.EvaluationRequest;
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
 * when a commit was lost) is answered with the same result instead of a second evaluation. Beside
 * each result lies what was asked, less the attempt number and the teacher, so a request the worker
 * sent again while the first was still queued (after an outage longer than its timeout) is answered
 * with the earlier attempt's final result too ({@link #earlierAnswer}).
 */
final class ResultLog {
  private final Path dir;

  ResultLog(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  Optional<EvaluationResult> find(UUID candidateId, int attempt) {
    Path file = file(candidateId, attempt, ".json");
    try {
      return Files.exists(file)
          ? Optional.of(Json.read(Files.readString(file), EvaluationResult.class))
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The final result of an earlier attempt of the very same evaluation (same candidate, network,
   * data, fidelity, continuation or final recipe; the teacher may differ): a success, or a failure
   * the worker would not try again. Such an answer already went out, and the worker keeps the first
   * final result of a row, so evaluating again would only spend the time. A retriable failure (this
   * evaluator's trouble) is no answer: the new attempt is evaluated. Never an attempt of another
   * stage of the candidate (a continuation's first stage asked something else).
   */
  Optional<EvaluationResult> earlierAnswer(EvaluationRequest request) {
    if (request.attempt() <= 1) return Optional.empty(); // nearly every request: nothing to compare
    String asked = asked(request);
    for (int attempt = request.attempt() - 1; attempt >= 1; attempt--) {
      Path askedFile = file(request.candidateId(), attempt, ".request.json");
      try {
        if (!Files.exists(askedFile) || !Files.readString(askedFile).equals(asked)) continue;
      } catch (IOException e) {
        continue;
      }
      Optional<EvaluationResult> earlier =
          find(request.candidateId(), attempt).filter(ResultLog::isFinal);
      if (earlier.isPresent()) return earlier;
    }
    return Optional.empty();
  }

  void record(EvaluationRequest request, EvaluationResult result) throws IOException {
    write(file(result.candidateId(), result.attempt(), ".request.json"), asked(request));
    write(file(result.candidateId(), result.attempt(), ".json"), Json.write(result));
  }

  private static boolean isFinal(EvaluationResult result) {
    return result.status() == EvaluationResult.Status.SUCCEEDED
        || (result.error() != null && !result.error().retriable());
  }

  /** The request without what legitimately changes between attempts of one evaluation. */
  private static String asked(EvaluationRequest request) {
    ObjectNode tree = Json.mapper().valueToTree(request);
    tree.remove("attempt");
    tree.remove("teacher");
    return Json.canonical(tree);
  }

  private void write(Path target, String text) throws IOException {
    Path tmp = Files.createTempFile(dir, "result-", ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private Path file(UUID candidateId, int attempt, String suffix) {
    return dir.resolve(candidateId + "-" + attempt + suffix);
  }
}
