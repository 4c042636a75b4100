package dev.sculptor.api.candidate;

import dev.sculptor.api.ApiSettings;
import dev.sculptor.api.auth.CallerContext;
import dev.sculptor.api.dataset.DatasetService;
import dev.sculptor.api.job.JobResource;
import dev.sculptor.api.problem.Problem;
import dev.sculptor.api.problem.ProblemException;
import dev.sculptor.core.dataset.DatasetInfo;
import dev.sculptor.core.job.CandidateStatus;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.ModelFormat;
import dev.sculptor.core.network.LayerTable;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.store.artifact.Artifact;
import dev.sculptor.store.candidate.Candidate;
import dev.sculptor.store.candidate.CandidateRepository;
import dev.sculptor.store.candidate.CandidateSensitivityRepository;
import dev.sculptor.store.job.JobHistory;
import dev.sculptor.store.job.SearchJob;
import dev.sculptor.store.job.SearchJobRepository;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Candidates of a job, their layer tables, its Pareto front and history, and model downloads
 * (read-only); a candidate's sensitivity analysis on request.
 */
@Path("/api/v1/jobs/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Candidates and Pareto front")
@SecurityRequirement(name = "apiKey")
public class CandidateResource {
  private static final Logger LOG = Logger.getLogger(CandidateResource.class);

  @Inject SearchJobRepository jobs;
  @Inject CandidateRepository candidates;
  @Inject dev.sculptor.store.candidate.FinalTrainingRepository finalTrainings;
  @Inject CandidateSensitivityRepository analyses;
  @Inject SensitivityRequests sensitivityRequests;
  @Inject CallerContext caller;
  @Inject DatasetService datasets;

  @Inject ApiSettings settings;

  public record ParetoFront(UUID jobId, int generation, List<CandidateView> candidates) {}

  public record HistoryPoint(
      int generation, int evaluated, Double hypervolume, Double policyReward) {}

  @GET
  @Path("/candidates")
  @Operation(
      summary = "The job's candidates",
      description =
          "Sort by accuracy (best first), latency or size (smallest first), or created (default)."
              + " Lists every candidate the search proposed, including those INFEASIBLE by"
              + " construction (never evaluated; failureReason names the limit they miss).")
  public List<CandidateView> list(
      @PathParam("id") String id,
      @Parameter(description = "accuracy | latency | size | created") @QueryParam("sort")
          String sort,
      @Parameter(description = "true: only candidates meeting every constraint")
          @QueryParam("feasible")
          Boolean feasible) {
    SearchJob job = owned(id);
    Comparator<CandidateView> order =
        switch (sort == null ? "created" : sort) {
          case "accuracy" ->
              Comparator.comparing(
                  CandidateView::accuracy, Comparator.nullsLast(Comparator.reverseOrder()));
          case "latency" ->
              Comparator.comparing(
                  CandidateView::latencyMs, Comparator.nullsLast(Comparator.naturalOrder()));
          case "size" ->
              Comparator.comparing(
                  CandidateView::modelBytes, Comparator.nullsLast(Comparator.naturalOrder()));
          case "created" -> Comparator.comparing(CandidateView::createdAt);
          default ->
              throw ProblemException.field(
                  400, "sort", "must be one of accuracy, latency, size, created");
        };
    var finals = finalTrainings.byCandidate(job.id);
    var analysed = analyses.byCandidate(job.id);
    return candidates.listByJob(job.id).stream()
        .map(
            c -> CandidateView.of(c, job.status.isTerminal(), finals.get(c.id), analysed.get(c.id)))
        .filter(c -> feasible == null || feasible.equals(Boolean.TRUE.equals(c.feasible())))
        .sorted(order)
        .toList();
  }

  @GET
  @Path("/candidates/{cid}")
  @Operation(
      summary =
          "One candidate: architecture, compression plan, metrics and their source, training curve")
  public CandidateView get(@PathParam("id") String id, @PathParam("cid") String cid) {
    SearchJob job = owned(id);
    Candidate c = candidate(job, cid);
    return CandidateView.of(c, job.status.isTerminal(), finalOf(c), analyses.findById(c.id));
  }

  @POST
  @Path("/candidates/{cid}/sensitivity")
  @Operation(
      summary = "Ask for a candidate's per-layer sensitivity analysis",
      description =
          "Analyses the trained full-width network of a successfully evaluated candidate (the"
              + " training checkpoint its evaluator kept, before the candidate's own pruning),"
              + " whether or not the job still runs: for each prunable layer alone, the validation"
              + " accuracy after pruning it at each search ratio (no fine-tuning) and after"
              + " quantising its weights to int8, beside the unmodified network's; the same"
              + " analysis a final training gets. Runs on an evaluator of the job's target;"
              + " nothing is trained. The answer is the analysis's status; the candidate's"
              + " sensitivityAnalysis follows it and its sensitivity holds the result once DONE."
              + " Idempotent: while an analysis is REQUESTED or DONE, asking again queues nothing"
              + " and answers the same status; a FAILED one is queued again.")
  @APIResponse(
      responseCode = "202",
      description =
          "Requested (or already requested or done): the analysis's status; Location is the"
              + " candidate",
      content =
          @Content(schema = @Schema(implementation = CandidateView.SensitivityAnalysis.class)))
  @APIResponse(
      responseCode = "404",
      description = "No such job or candidate for this team",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "409",
      description =
          "Nothing to analyse: the candidate has no successful evaluation (type"
              + " candidate-not-evaluated: PENDING, FAILED or INFEASIBLE) or its evaluator kept no"
              + " training checkpoint (type no-training-checkpoint); the title says which",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Response analyseSensitivity(
      @PathParam("id") String id, @PathParam("cid") String cid, @Context UriInfo uri) {
    SearchJob job = owned(id);
    Candidate c = candidate(job, cid);
    CandidateView.SensitivityAnalysis status =
        CandidateView.SensitivityAnalysis.of(sensitivityRequests.request(c));
    return Response.accepted(status)
        .location(
            uri.getBaseUriBuilder().path("/api/v1/jobs/{id}/candidates/{cid}").build(job.id, c.id))
        .build();
  }

  @GET
  @Path("/candidates/{cid}/layers")
  @Operation(
      summary =
          "A candidate's layer table: every layer with its shapes, parameters and MACs, before and"
              + " after pruning",
      description =
          "Decoded by the same NetworkDecoder the search and the evaluator build the candidate"
              + " with, for the job's dataset (its input shape and classes): the stem, each block"
              + " (name s<stage>.b<n>, type, residual) with its convs, the head; per layer the"
              + " channels and spatial sizes after pruning, the channels before, parameters and"
              + " MACs, and for a layer the compression plan prunes its index in the plan and the"
              + " ratio applied (null for layers no ratio applies to: depthwise convs and outputs"
              + " that feed a residual addition); totals of parameters, MACs and peak activation"
              + " memory before and after pruning.")
  @APIResponse(
      responseCode = "200",
      description = "The layer table",
      content = @Content(schema = @Schema(implementation = LayerTable.class)))
  @APIResponse(
      responseCode = "404",
      description =
          "No such job or candidate for this team, no architecture recorded, or the job's"
              + " uploaded dataset (its input shape) was deleted",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public LayerTable layers(@PathParam("id") String id, @PathParam("cid") String cid) {
    SearchJob job = owned(id);
    Candidate c = candidate(job, cid);
    CandidateSpec spec = c.spec == null ? null : Json.read(c.spec, CandidateSpec.class);
    if (spec == null || spec.architecture() == null)
      throw ProblemException.notFound("architecture of this candidate");
    DatasetInfo dataset =
        datasets
            .info(job.teamId, job.dataset)
            .orElseThrow(
                () ->
                    ProblemException.notFound(
                        "dataset " + job.dataset + " of this job (deleted since)"));
    return LayerTable.of(spec, dataset.shape(), dataset.classes());
  }

  @GET
  @Path("/candidates/{cid}/model")
  @Produces({"application/octet-stream", "application/zip", "application/problem+json"})
  @Operation(
      summary = "Download the candidate's model",
      description =
          "By default the deployable ONNX model (opset 17, at the candidate's planned precision;"
              + " see docs/deploy.md), the file whose accuracy and latency were measured in ONNX"
              + " Runtime. format=djl gives the DJL zip the evaluator trained (architecture JSON +"
              + " weights). Candidates evaluated before the ONNX export have only the zip: the"
              + " default answers 404 for them. Every file is checked against the sha256 the"
              + " evaluator reported before it is served.")
  @APIResponse(
      responseCode = "200",
      description = "The model file",
      content = {
        @Content(mediaType = "application/octet-stream"),
        @Content(mediaType = "application/zip")
      })
  @APIResponse(responseCode = "400", description = "format is neither onnx nor djl")
  @APIResponse(
      responseCode = "404",
      description = "No such job or candidate, or no model in that format")
  @APIResponse(
      responseCode = "500",
      description = "The stored file does not match its checksum; not served")
  public Response model(
      @PathParam("id") String id,
      @PathParam("cid") String cid,
      @Parameter(description = "onnx (default) | djl") @QueryParam("format") String format,
      @Parameter(
              description =
                  "final (default: the final phase's model when it succeeded, else the search's) |"
                      + " search")
          @QueryParam("stage")
          String stage,
      @Context UriInfo uri) {
    Candidate c = candidate(owned(id), cid);
    ModelFormat wanted = format(format);
    if (stage != null && !stage.isBlank() && !"final".equals(stage) && !"search".equals(stage)) {
      throw ProblemException.field(400, "stage", "must be one of final, search");
    }
    dev.sculptor.store.candidate.FinalTraining fin = "search".equals(stage) ? null : finalOf(c);
    boolean useFinal =
        fin != null && fin.status == CandidateStatus.SUCCEEDED && fin.artifactId != null;
    if ("final".equals(stage) && !useFinal)
      throw ProblemException.notFound("final model of this candidate");
    Artifact artifact =
        useFinal
            ? artifact(fin.artifactId, fin.djlArtifactId, wanted)
            : artifact(c.artifactId, c.djlArtifactId, wanted);
    java.nio.file.Path file = Paths.get(URI.create(artifact.uri)).normalize();
    // Serve only from the artifact store, whatever a row says.
    if (!file.startsWith(Paths.get(settings.artifactDir()).toAbsolutePath().normalize())
        || !Files.isReadable(file)) {
      throw ProblemException.notFound("model file");
    }
    // The digest the evaluator reported is checked on every download: a changed file is never
    // served.
    String actual = sha256(file);
    if (artifact.sha256 == null || !artifact.sha256.trim().equalsIgnoreCase(actual)) {
      String incident = UUID.randomUUID().toString();
      LOG.errorf(
          "incident %s: model file %s of candidate %s is corrupted: its sha256 is %s, the evaluator"
              + " reported %s",
          incident, file, c.id, actual, artifact.sha256);
      // Not the caller's fault, so a 5xx; a problem body the client can quote.
      return Response.status(500)
          .type(Problem.MEDIA_TYPE)
          .entity(
              new Problem(
                  "https://sculptor.dev/problems/model-corrupted",
                  "Model file corrupted",
                  500,
                  "incident "
                      + incident
                      + "; the stored model does not match its checksum and was not served",
                  uri.getPath(),
                  List.of()))
          .build();
    }
    return Response.ok(file.toFile(), wanted.mediaType())
        .header(
            "Content-Disposition",
            "attachment; filename=\"sculptor-" + c.id + wanted.extension() + "\"")
        .header("Content-Length", artifact.bytes)
        .build();
  }

  private static ModelFormat format(String format) {
    if (format == null || format.isBlank()) return ModelFormat.ONNX;
    for (ModelFormat f : ModelFormat.values()) if (f.queryName().equals(format)) return f;
    throw ProblemException.field(400, "format", "must be one of onnx, djl");
  }

  /**
   * The row of the wanted file. Candidates evaluated before the ONNX export have one row, their
   * zip, in artifact_id (media type application/zip) and no djl_artifact_id (V6 migration).
   */
  private static Artifact artifact(UUID artifactId, UUID djlArtifactId, ModelFormat wanted) {
    Artifact main =
        artifactId == null ? null : Panache.getEntityManager().find(Artifact.class, artifactId);
    if (main == null) throw ProblemException.notFound("model of this candidate");
    boolean zipOnly = ModelFormat.DJL.mediaType().equals(main.mediaType);
    if (wanted == ModelFormat.ONNX) {
      if (zipOnly)
        throw new ProblemException(
            404,
            "not-found",
            "no ONNX model for this candidate (evaluated before ONNX export)",
            List.of());
      return main;
    }
    if (zipOnly) return main;
    Artifact zip =
        djlArtifactId == null
            ? null
            : Panache.getEntityManager().find(Artifact.class, djlArtifactId);
    if (zip == null) throw ProblemException.notFound("DJL model of this candidate");
    return zip;
  }

  @GET
  @Path("/pareto")
  @Operation(
      summary =
          "The Pareto front: feasible candidates no other candidate beats on the job's objectives"
              + " (by default accuracy, latency and size)")
  public ParetoFront pareto(@PathParam("id") String id) {
    SearchJob job = owned(id);
    return new ParetoFront(
        job.id,
        job.generation,
        candidates.front(job.id).stream()
            .map(
                c ->
                    CandidateView.of(
                        c, job.status.isTerminal(), finalOf(c), analyses.findById(c.id)))
            .toList());
  }

  @GET
  @Path("/history")
  @Operation(summary = "Hypervolume and RL pruning policy reward per generation")
  public List<HistoryPoint> history(@PathParam("id") String id) {
    SearchJob job = owned(id);
    return Panache.getEntityManager()
        .createQuery("from JobHistory where jobId = ?1 order by generation", JobHistory.class)
        .setParameter(1, job.id)
        .getResultStream()
        .map(h -> new HistoryPoint(h.generation, h.evaluated, h.hypervolume, h.policyReward))
        .toList();
  }

  private static String sha256(java.nio.file.Path file) {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The final phase's training of this candidate, if the job chose it. */
  private dev.sculptor.store.candidate.FinalTraining finalOf(Candidate c) {
    return finalTrainings.find("candidateId", c.id).firstResult();
  }

  private SearchJob owned(String id) {
    return jobs.findOwned(JobResource.parse(id), caller.teamId())
        .orElseThrow(() -> ProblemException.notFound("job"));
  }

  private Candidate candidate(SearchJob job, String cid) {
    UUID candidateId;
    try {
      candidateId = UUID.fromString(cid);
    } catch (IllegalArgumentException e) {
      throw ProblemException.notFound("candidate");
    }
    Candidate c = candidates.findById(candidateId);
    if (c == null || !c.jobId.equals(job.id)) throw ProblemException.notFound("candidate");
    return c;
  }
}
