package dev.sculptor.api.catalog;

import dev.sculptor.core.job.HardwareTargets;
import dev.sculptor.store.evaluator.EvaluatorRecord;
import dev.sculptor.store.evaluator.EvaluatorRepository;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What a job may name: hardware targets (and which are measured live), datasets, search spaces. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Catalogue")
@SecurityRequirement(name = "apiKey")
public class CatalogResource {
  /** An evaluator counts as live while its heartbeats (every 5 s) keep coming. */
  public static final Duration LIVE = Duration.ofSeconds(15);

  @Inject EvaluatorRepository evaluators;

  public record LiveEvaluator(String id, String host, int cores, String engine, Instant lastSeenAt) {}

  public record Hardware(
      String id, String name, String description, int threads,
      @Schema(description = "true: an evaluator of this target is attached and latency is measured on it;"
          + " false: latency is predicted from the target's latency table") boolean measuredLive,
      List<LiveEvaluator> evaluators) {}

  @GET
  @Path("/hardware")
  @Transactional
  @Operation(summary = "Hardware targets and whether a live evaluator measures each")
  public List<Hardware> hardware() {
    List<EvaluatorRecord> live = evaluators.seenSince(Instant.now().minus(LIVE));
    return HardwareTargets.all().stream().map(t -> {
      List<LiveEvaluator> mine = live.stream().filter(e -> e.hardwareTarget.equals(t.id()))
          .map(e -> new LiveEvaluator(e.id, e.host, e.cores, e.engine, e.lastSeenAt)).toList();
      return new Hardware(t.id(), t.name(), t.description(), t.threads(), !mine.isEmpty(), mine);
    }).toList();
  }

  @GET
  @Path("/datasets")
  @Operation(summary = "Datasets built into the evaluators")
  public List<Catalog.Dataset> datasets() {
    return Catalog.datasets();
  }

  @GET
  @Path("/search-spaces")
  @Operation(summary = "Search spaces")
  public List<Catalog.SearchSpace> searchSpaces() {
    return Catalog.searchSpaces();
  }
}
