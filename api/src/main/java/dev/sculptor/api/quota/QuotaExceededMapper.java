package dev.sculptor.api.quota;

import dev.sculptor.api.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 429 problem+json naming the quota, with a Retry-After of the order of a job's length. */
public class QuotaExceededMapper {
  static final int RETRY_AFTER_SECONDS = 60;

  @ServerExceptionMapper
  public Response quotaExceeded(QuotaExceededException e, UriInfo uri) {
    Problem body =
        new Problem(
            "https://sculptor.dev/problems/quota-exceeded",
            "Team quota reached: " + e.quota(),
            429,
            e.getMessage(),
            uri == null ? null : uri.getPath(),
            List.of(new Problem.FieldError(e.setting(), "at most " + e.limit())));
    return Response.status(429)
        .type(Problem.MEDIA_TYPE)
        .header("Retry-After", e.retryAfterSeconds())
        .entity(body)
        .build();
  }
}
