package dev.sculptor.api.problem;

import java.util.List;

/** Thrown anywhere in the api to answer with a problem; mapped in one place. */
public class ProblemException extends RuntimeException {
  private final int status;
  private final String type;
  private final List<Problem.FieldError> errors;

  public ProblemException(int status, String type, String title, List<Problem.FieldError> errors) {
    super(title, null, false, false);
    this.status = status;
    this.type = type;
    this.errors = List.copyOf(errors);
  }

  public static ProblemException notFound(String what) {
    return new ProblemException(404, "not-found", what + " not found", List.of());
  }

  public static ProblemException invalid(int status, List<Problem.FieldError> errors) {
    return new ProblemException(status, "invalid-request", "The request is invalid", errors);
  }

  public static ProblemException field(int status, String field, String reason) {
    return invalid(status, List.of(new Problem.FieldError(field, reason)));
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public List<Problem.FieldError> errors() {
    return errors;
  }
}
