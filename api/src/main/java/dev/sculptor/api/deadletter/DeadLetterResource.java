package dev.sculptor.api.deadletter;

import dev.sculptor.api.auth.CallerContext;
import dev.sculptor.api.problem.ProblemException;
import dev.sculptor.store.deadletter.DeadLetterRow;
import dev.sculptor.store.deadletter.DeadLetters;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Messages the consumers refused, for the operator: list them, and publish one again once its cause
 * is fixed.
 */
@Path("/api/v1/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: dead letters")
@SecurityRequirement(name = "apiKey")
public class DeadLetterResource {
  private static final Logger LOG = Logger.getLogger(DeadLetterResource.class);

  @Inject CallerContext caller;
  @Inject DeadLetters deadLetters;
  @Inject DeadLetterReplay replay;

  @GET
  @Operation(summary = "Dead letters, newest first (admin key only)")
  public List<DeadLetterView> list(
      @Parameter(description = "only this topic, e.g. sculptor.results.v1") @QueryParam("topic")
          String topic,
      @Parameter(description = "at most this many (1-500, default 100)") @QueryParam("limit")
          Integer limit) {
    caller.requireAdmin();
    int n = limit == null ? 100 : limit;
    if (n < 1 || n > 500) throw ProblemException.field(400, "limit", "must be between 1 and 500");
    return QuarkusTransaction.requiringNew()
        .call(() -> deadLetters.newest(topic, n).stream().map(DeadLetterView::of).toList());
  }

  @POST
  @Path("/{id}/replay")
  @Operation(
      summary =
          "Publish a dead letter's payload again to its topic, with its key, and mark it replayed"
              + " (admin key only)")
  public DeadLetterView replay(@PathParam("id") String id) {
    caller.requireAdmin();
    long letterId = parse(id);
    DeadLetterRow row = QuarkusTransaction.requiringNew().call(() -> deadLetters.find(letterId));
    if (row == null) throw ProblemException.notFound("dead letter");
    if (row.payloadTruncated || row.payload == null) {
      throw new ProblemException(
          409,
          "dead-letter-not-replayable",
          "Only part of this message was kept; it cannot be replayed",
          List.of());
    }
    try {
      replay.publish(row.topic, row.messageKey, row.payload);
    } catch (Exception e) {
      LOG.warnf("replay of dead letter %d to %s failed: %s", letterId, row.topic, e.getMessage());
      throw new ProblemException(
          503,
          "broker-unavailable",
          "The message could not be published now; try again",
          List.of());
    }
    LOG.infof("dead letter %d replayed to %s", letterId, row.topic);
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              DeadLetterRow r = deadLetters.find(letterId);
              r.replayedAt = Instant.now();
              r.replays++;
              return DeadLetterView.of(r);
            });
  }

  private static long parse(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw ProblemException.notFound("dead letter");
    }
  }
}
