package dev.sculptor.api.catalog;

import dev.sculptor.core.job.HardwareTargets;
import dev.sculptor.core.latency.LatencyTables;
import dev.sculptor.store.evaluator.EvaluatorRecord;
import dev.sculptor.store.evaluator.EvaluatorRepository;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What a job may name: hardware targets (and which are measured live), search spaces; datasets:
 * DatasetResource.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Catalogue")
@SecurityRequirement(name = "apiKey")
public class CatalogResource {
  @Inject EvaluatorRepository evaluators;

  @Schema(
      description =
          "An attached evaluator, as its heartbeats describe it (fields null for evaluators older"
              + " than them)")
  public record LiveEvaluator(
      String id,
      String host,
      int cores,
      String engine,
      Instant lastSeenAt,
      @Schema(
              description = "CPU model from the evaluator's /proc/cpuinfo",
              example = "AMD EPYC 9B14")
          String cpuModel,
      @Schema(description = "CPU architecture (os.arch)", example = "aarch64") String architecture,
      @Schema(description = "Intra-op threads its latencies are timed with") Integer threads,
      @Schema(description = "The runtime that times latency", example = "onnxruntime 1.29.0")
          String runtime,
      @Schema(description = "The evaluator's version") String version,
      @Schema(
              description =
                  "For a time-only evaluator (a device that cannot train, such as a Raspberry Pi"
                      + " 4): the target whose evaluators train its candidates, whose models it"
                      + " then times; null when it trains them itself",
              example = "host-cpu")
          String trainsOn) {}

  @Schema(
      description =
          "The target's latency model: how a latency is predicted for it when no evaluator of it is"
              + " attached")
  public record LatencyModelInfo(
      String method,
      @Schema(
              description =
                  "Median |predicted - measured| / measured on networks left out of the fit, in"
                      + " percent")
          Double heldOutMedianErrorPercent,
      @Schema(description = "Share of held-out networks predicted within ±10%")
          Double heldOutShareWithin10Percent) {}

  public record Hardware(
      String id,
      String name,
      String description,
      int threads,
      @Schema(
              description =
                  "measured: an evaluator of this target is attached and latencies are measured on"
                      + " it; predicted: none is attached, latencies are predicted by the target's"
                      + " latency model; unavailable: neither, so a job on it is refused unless it"
                      + " waits for a device (latencyPolicy wait-for-device)",
              enumeration = {"measured", "predicted", "unavailable"})
          String state,
      @Schema(
              description =
                  "true: an evaluator of this target is attached and latency is measured on it")
          boolean measuredLive,
      @Schema(description = "Null when the target has no latency model")
          LatencyModelInfo latencyModel,
      List<LiveEvaluator> evaluators,
      @Schema(
              description =
                  "What stands in the way of attaching an evaluator of this target; null when"
                      + " nothing does")
          String deviceNote) {}

  @GET
  @Path("/hardware")
  @Transactional
  @Operation(
      summary =
          "Hardware targets, the evaluators attached to each, and whether their latencies are"
              + " measured, predicted or unavailable")
  public List<Hardware> hardware() {
    List<EvaluatorRecord> live = evaluators.live();
    return HardwareTargets.all().stream()
        .map(
            t -> {
              List<LiveEvaluator> mine =
                  live.stream()
                      .filter(e -> e.hardwareTarget.equals(t.id()))
                      .map(
                          e ->
                              new LiveEvaluator(
                                  e.id,
                                  e.host,
                                  e.cores,
                                  e.engine,
                                  e.lastSeenAt,
                                  e.cpuModel,
                                  e.architecture,
                                  e.threads,
                                  e.runtime,
                                  e.version,
                                  e.trainsOn))
                      .toList();
              LatencyModelInfo model =
                  LatencyTables.forTarget(t.id())
                      .map(
                          m ->
                              new LatencyModelInfo(
                                  m.method(),
                                  m.heldOut() == null ? null : m.heldOut().medianAbsPercent(),
                                  m.heldOut() == null ? null : m.heldOut().shareWithin10Percent()))
                      .orElse(null);
              String state =
                  !mine.isEmpty() ? "measured" : model != null ? "predicted" : "unavailable";
              return new Hardware(
                  t.id(),
                  t.name(),
                  t.description(),
                  t.threads(),
                  state,
                  !mine.isEmpty(),
                  model,
                  mine,
                  t.deviceNote());
            })
        .toList();
  }

  @GET
  @Path("/search-spaces")
  @Operation(summary = "Search spaces")
  public List<Catalog.SearchSpace> searchSpaces() {
    return Catalog.searchSpaces();
  }
}
