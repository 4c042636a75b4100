package dev.sculptor.api.events;

import dev.sculptor.api.auth.CallerContext;
import dev.sculptor.api.job.JobResource;
import dev.sculptor.api.problem.ProblemException;
import dev.sculptor.core.messaging.JobEvent;
import dev.sculptor.core.messaging.JobProgress;
import dev.sculptor.store.job.SearchJob;
import dev.sculptor.store.job.SearchJobRepository;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Live progress of a job as server-sent events: the current status first, then every change. */
@Path("/api/v1/jobs/{id}/events")
@Tag(name = "Jobs")
@SecurityRequirement(name = "apiKey")
public class JobEventResource {
  @Inject SearchJobRepository jobs;
  @Inject CallerContext caller;
  @Inject KafkaFanout fanout;

  @GET
  @io.smallrye.common.annotation.Blocking // the owner check reads the database
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  @Transactional
  @Operation(summary = "Server-sent events of a job's status and progress",
      description = "Each event is a JobEvent (type STATUS, PROGRESS, CANDIDATE or FRONT). Browsers' EventSource may"
          + " pass the key as ?access_token= since it cannot send headers.")
  public Multi<JobEvent> events(@PathParam("id") String id) {
    SearchJob job = jobs.findOwned(JobResource.parse(id), caller.teamId()).orElseThrow(() -> ProblemException.notFound("job"));
    JobEvent now = new JobEvent(job.id, JobEvent.Type.STATUS, job.status,
        new JobProgress(job.generation, job.evaluated, job.maxCandidates, job.bestFeasibleAccuracy, job.hypervolume, job.etaSeconds),
        "current status", Instant.now());
    return Multi.createBy().concatenating().streams(Multi.createFrom().item(now), fanout.events(job.id));
  }
}
