package dev.sculptor.store.evaluator;

import dev.sculptor.core.messaging.EvaluatorHeartbeat;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Evaluators as their heartbeats (stored by the api) describe them; runs in the caller's
 * transaction.
 */
@ApplicationScoped
public class EvaluatorRepository implements PanacheRepositoryBase<EvaluatorRecord, String> {
  /**
   * The live ones: last heard within {@link EvaluatorHeartbeat#LIVE_WINDOW}, the one window the api
   * and the workers use.
   */
  public List<EvaluatorRecord> live() {
    return list("lastSeenAt > ?1", Instant.now().minus(EvaluatorHeartbeat.LIVE_WINDOW));
  }

  /** The targets with a live evaluator. */
  public List<String> liveTargets() {
    return live().stream().map(e -> e.hardwareTarget).distinct().toList();
  }
}
