package dev.sculptor.api.events;

import dev.sculptor.api.auth.CallerContext;
import dev.sculptor.api.auth.KeyHash;
import dev.sculptor.api.job.JobResource;
import dev.sculptor.api.problem.Problem;
import dev.sculptor.api.problem.ProblemException;
import dev.sculptor.core.messaging.JobEvent;
import dev.sculptor.store.job.SearchJob;
import dev.sculptor.store.job.SearchJobRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Live progress of a job as server-sent events: the current status first, then every change. */
@Path("/api/v1/jobs/{id}/events")
@Tag(name = "Jobs")
@SecurityRequirement(name = "apiKey")
public class JobEventResource {
  @Inject SearchJobRepository jobs;
  @Inject CallerContext caller;
  @Inject JobStreams streams;

  @GET
  @Blocking // the owner check reads the database, in a transaction of its own that ends before
  // streaming
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(
      summary = "Server-sent events of a job's status and progress",
      description =
          "Each data line is a JobEvent (type STATUS, PROGRESS, CANDIDATE or FRONT) as JSON; the"
              + " first is the job's current status. The stream ends after the job's final status."
              + " A comment line (': heartbeat') arrives every few seconds while nothing happens. A"
              + " client that reads too slowly gets an event named 'resync' in place of the events"
              + " it missed: read the job again over REST. Each API key may hold a limited number"
              + " of open streams (429 beyond it). Browsers' EventSource may pass the key as"
              + " ?access_token= since it cannot send headers.")
  @APIResponse(responseCode = "200", description = "The event stream")
  @APIResponse(responseCode = "404", description = "No such job for this team")
  @APIResponse(
      responseCode = "429",
      description = "This API key already holds its maximum of open streams",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Multi<OutboundSseEvent> events(
      @PathParam("id") String id,
      @HeaderParam("Authorization") String authorization,
      @QueryParam("access_token") String accessToken) {
    UUID jobId = JobResource.parse(id);
    UUID team = caller.teamId();
    JobEvent now =
        QuarkusTransaction.requiringNew()
            .call(() -> jobs.findOwned(jobId, team).map(JobEventResource::currentStatus))
            .orElseThrow(() -> ProblemException.notFound("job"));
    return streams.open(KeyHash.sha256(presentedKey(authorization, accessToken)), now);
  }

  private static JobEvent currentStatus(SearchJob job) {
    return new JobEvent(
        job.id, JobEvent.Type.STATUS, job.status, job.progress(), "current status", Instant.now());
  }

  /** The key this request was authenticated with (the filter accepted one of the two). */
  private static String presentedKey(String authorization, String accessToken) {
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7))
      return authorization.substring(7).trim();
    return accessToken == null ? "" : accessToken;
  }
}
