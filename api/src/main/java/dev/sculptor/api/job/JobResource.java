package dev.sculptor.api.job;

import dev.sculptor.api.auth.CallerContext;
import dev.sculptor.api.problem.Problem;
import dev.sculptor.api.problem.ProblemException;
import dev.sculptor.core.job.JobSpec;
import dev.sculptor.core.job.JobStatus;
import dev.sculptor.store.evaluator.EvaluatorRepository;
import dev.sculptor.store.job.SearchJob;
import dev.sculptor.store.job.SearchJobRepository;
import dev.sculptor.store.job.WriteConflicts;
import io.quarkus.panache.common.Parameters;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Search jobs: preview, submit, list, look at, cancel. A team sees only its own jobs. */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs")
@SecurityRequirement(name = "apiKey")
public class JobResource {
  static final String EXAMPLE =
      """
      {"name": "digits under 10MB / 50ms on ARM", "dataset": "mnist-10k", "hardwareTarget": "arm-cortex-a72",
       "constraints": {"maxModelBytes": "10MB", "maxLatencyMs": "50ms"},
       "budget": {"maxCandidates": 24, "maxWallClockMinutes": 30}, "strategy": "genetic", "seed": 42}\
      """;

  @Inject JobService service;
  @Inject SearchJobRepository jobs;
  @Inject CallerContext caller;
  @Inject EvaluatorRepository evaluators;

  public record JobPage(
      List<JobView> items,
      @Schema(description = "Pass as ?cursor= for the next page; null at the end")
          String nextCursor) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Submit a search job",
      description =
          "Stores the job and queues it durably. Every field but the constraints has a default."
              + " Sizes and latency accept human units (\"10MB\", \"50ms\") or plain numbers"
              + " (bytes, milliseconds). With an Idempotency-Key header a retried submit returns"
              + " the same job.")
  @RequestBody(
      content =
          @Content(
              schema = @Schema(implementation = JobSpec.class),
              examples = @ExampleObject(name = "ARM budget", value = EXAMPLE)))
  @APIResponse(
      responseCode = "202",
      description = "Queued",
      content = @Content(schema = @Schema(implementation = JobView.class)))
  @APIResponse(
      responseCode = "400",
      description = "Malformed JSON, wrong types or unknown fields",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "409",
      description = "Idempotency-Key reused for another spec",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "413",
      description = "Body over 64 KiB",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "415",
      description = "A body without Content-Type: application/json",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "422",
      description =
          "A field is invalid (unknown target, limits no network can meet, budget over the maximum"
              + " or the per-job quota ...)",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "429",
      description =
          "The team already has its quota of queued and running jobs (Retry-After says when to try"
              + " again)",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Response submit(
      JobSpec spec,
      @HeaderParam("Idempotency-Key") String idempotencyKey,
      @jakarta.ws.rs.core.Context UriInfo uri) {
    JobService.Submission s =
        service.submit(caller.teamId(), spec, Optional.ofNullable(idempotencyKey));
    return Response.status(202)
        .location(uri.getBaseUriBuilder().path("api/v1/jobs").path(s.job().id.toString()).build())
        .entity(view(s.job()))
        .build();
  }

  @POST
  @Path("/preview")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Preview a job spec without submitting it",
      description =
          "Checks the spec as a submit does (the same problem+json answers naming each offending"
              + " field; the team's count of active jobs aside) and answers what it would mean,"
              + " storing nothing: the spec with its defaults as the API reads it, the budget"
              + " estimated by the server's rules (candidates, generations, candidate-epochs"
              + " against the per-job quota, rough time with the target's evaluators), where"
              + " latencies would come from, and warnings such as a wall clock that ends the search"
              + " first. The web UI's form calls it as the user types.")
  @RequestBody(
      content =
          @Content(
              schema = @Schema(implementation = JobSpec.class),
              examples = @ExampleObject(name = "ARM budget", value = EXAMPLE)))
  @APIResponse(
      responseCode = "200",
      description = "What the spec means",
      content = @Content(schema = @Schema(implementation = JobPreview.class)))
  @APIResponse(
      responseCode = "400",
      description = "Malformed JSON, wrong types or unknown fields",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "413",
      description = "Body over 64 KiB",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "415",
      description = "A body without Content-Type: application/json",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "422",
      description =
          "A field is invalid, the job is over the per-job quota, or its target has neither an"
              + " evaluator nor a latency model (as for a submit)",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public JobPreview preview(JobSpec spec) {
    return service.preview(caller.teamId(), spec);
  }

  @GET
  @Operation(summary = "List the team's jobs, newest first")
  public JobPage list(
      @Parameter(description = "Only jobs in this status") @QueryParam("status") String status,
      @Parameter(description = "Page size, 1-100 (default 20)") @QueryParam("limit") Integer limit,
      @Parameter(description = "From a previous page's nextCursor") @QueryParam("cursor")
          String cursor) {
    int size = limit == null ? 20 : limit;
    if (size < 1 || size > 100)
      throw ProblemException.field(400, "limit", "must be between 1 and 100");
    StringBuilder query = new StringBuilder("teamId = :team");
    Parameters params = Parameters.with("team", caller.teamId());
    if (status != null && !status.isBlank()) {
      try {
        params.and("status", JobStatus.valueOf(status.strip().toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw ProblemException.field(
            400, "status", "must be one of " + java.util.Arrays.toString(JobStatus.values()));
      }
      query.append(" and status = :status");
    }
    if (cursor != null && !cursor.isBlank()) {
      Cursor c = Cursor.decode(cursor);
      query.append(" and (createdAt < :at or (createdAt = :at and id < :id))");
      params.and("at", c.createdAt()).and("id", c.id());
    }
    List<SearchJob> page =
        jobs.find(query + " order by createdAt desc, id desc", params).page(0, size + 1).list();
    String next =
        page.size() > size
            ? new Cursor(page.get(size - 1).createdAt, page.get(size - 1).id).encode()
            : null;
    return new JobPage(page.stream().limit(size).map(this::view).toList(), next);
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "A job's status and progress")
  @APIResponse(responseCode = "404", description = "No such job for this team")
  public JobView get(@PathParam("id") String id) {
    return view(owned(id));
  }

  @POST
  @Path("/{id}/cancel")
  @Operation(
      summary = "Cancel a job",
      description =
          "A queued job ends at once; a running one stops at once: nothing more of it is sent to"
              + " evaluators (evaluations already under way still finish there).")
  @APIResponse(responseCode = "202", description = "Cancellation requested")
  @APIResponse(responseCode = "409", description = "The job has already finished")
  public Response cancel(@PathParam("id") String id) {
    UUID jobId = parse(id);
    for (int attempt = 1; ; attempt++) {
      try {
        return Response.status(202).entity(view(service.cancel(caller.teamId(), jobId))).build();
      } catch (RuntimeException e) {
        // the worker wrote the job row between our read and our write: read it again and retry
        if (attempt >= 5 || !WriteConflicts.isWriteConflict(e)) throw e;
      }
    }
  }

  /** The job as shown, with what it waits for when it waits for its device (read now). */
  private JobView view(SearchJob job) {
    if (job.status != JobStatus.WAITING_FOR_DEVICE) return JobView.of(job, null);
    return JobView.of(
        job,
        evaluators
            .whyNot(job.hardwareTarget)
            .orElse(
                "a " + job.hardwareTarget + " evaluator is back: the job goes on within seconds"));
  }

  SearchJob owned(String id) {
    return jobs.findOwned(parse(id), caller.teamId())
        .orElseThrow(() -> ProblemException.notFound("job"));
  }

  /** A malformed id cannot name any job: 404, like an id of another team's job. */
  public static UUID parse(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("job");
    }
  }

  record Cursor(Instant createdAt, UUID id) {
    String encode() {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String text) {
      try {
        String[] parts =
            new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|");
        return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
      } catch (RuntimeException e) {
        throw ProblemException.field(400, "cursor", "is not a cursor this API returned");
      }
    }
  }
}
