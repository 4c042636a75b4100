package dev.sculptor.api.problem;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** RFC 9457 problem details: the one error shape of the whole API. */
@Schema(
    name = "Problem",
    description = "RFC 9457 problem details; `errors` names each offending field and why.")
public record Problem(
    @Schema(example = "https://sculptor.dev/problems/invalid-job-spec") String type,
    @Schema(example = "The job spec is invalid") String title,
    @Schema(example = "422") int status,
    @Schema(example = "2 fields are invalid") String detail,
    @Schema(example = "/api/v1/jobs") String instance,
    List<FieldError> errors) {

  /** One offending field (a JSON path such as {@code constraints.maxModelBytes}) and the reason. */
  public record FieldError(
      @Schema(example = "constraints.maxModelBytes") String field,
      @Schema(
              example =
                  "must be at least 12345 bytes: the smallest network in mobile-cnn is that large")
          String reason) {}

  public static final String MEDIA_TYPE = "application/problem+json";
}
