package dev.sculptor.api.dataset;

import dev.sculptor.api.problem.Problem.FieldError;
import dev.sculptor.api.problem.ProblemException;
import java.util.List;

/**
 * Why an upload is refused, and where: the file (form part or zip entry) and, when it helps, the
 * example index.
 */
final class InvalidDataset {
  static final String TYPE = "invalid-dataset";

  private InvalidDataset() {}

  static ProblemException at(String where, String reason) {
    return new ProblemException(
        422, TYPE, "The dataset is invalid", List.of(new FieldError(where, reason)));
  }

  static ProblemException at(String file, long index, String reason) {
    return at(file + "[" + index + "]", reason);
  }
}
