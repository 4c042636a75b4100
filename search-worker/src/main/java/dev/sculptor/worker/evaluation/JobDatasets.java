package dev.sculptor.worker.evaluation;

import dev.sculptor.core.dataset.DatasetCatalog;
import dev.sculptor.core.dataset.DatasetInfo;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.store.artifact.Artifact;
import dev.sculptor.store.dataset.DatasetRepository;
import dev.sculptor.store.dataset.DatasetRow;
import dev.sculptor.store.dataset.DatasetRows;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A job's dataset as the worker needs it: its {@link DatasetInfo} (input shape and classes, to
 * decode candidates as the evaluator will build them) and the {@link DatasetRef} its evaluation
 * requests carry. Built-ins come from core's catalogue, uploads from their row; both are immutable
 * while a job uses them (an upload cannot be deleted then), so they are read once.
 */
@ApplicationScoped
public class JobDatasets {
  public record Resolved(DatasetInfo info, DatasetRef ref) {}

  @Inject DatasetRepository datasets;
  @Inject EntityManager em;

  private final Map<String, Resolved> cache = new ConcurrentHashMap<>();

  public Resolved resolve(String id) {
    return cache.computeIfAbsent(id, this::load);
  }

  private Resolved load(String id) {
    var builtIn = DatasetCatalog.builtIn(id);
    if (builtIn.isPresent()) return new Resolved(builtIn.get(), DatasetRef.builtIn(id));
    var uuid =
        DatasetCatalog.uploadedUuid(id)
            .orElseThrow(() -> new IllegalArgumentException("unknown dataset '" + id + "'"));
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              DatasetRow row =
                  datasets
                      .findByIdOptional(uuid)
                      .orElseThrow(
                          () ->
                              new IllegalArgumentException("dataset " + id + " no longer exists"));
              Artifact file = em.find(Artifact.class, row.artifactId);
              return new Resolved(DatasetRows.info(row), DatasetRows.ref(row, file));
            });
  }
}
