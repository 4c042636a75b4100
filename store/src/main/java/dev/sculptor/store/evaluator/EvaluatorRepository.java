package dev.sculptor.store.evaluator;

import dev.sculptor.core.messaging.EvaluatorHeartbeat;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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

  /**
   * Why {@code target}'s requests cannot be evaluated now, in the user's words; empty when they
   * can: a live evaluator of it trains them, or a live time-only one has a live evaluator that
   * trains on the target it sends them to.
   */
  public Optional<String> whyNot(String target) {
    return whyNot(target, live());
  }

  /** As {@link #whyNot(String)}, among these live evaluators. */
  public static Optional<String> whyNot(String target, List<EvaluatorRecord> live) {
    Set<String> training =
        live.stream()
            .filter(e -> e.trainsOn == null)
            .map(e -> e.hardwareTarget)
            .collect(Collectors.toSet());
    List<EvaluatorRecord> ofTarget =
        live.stream().filter(e -> e.hardwareTarget.equals(target)).toList();
    if (ofTarget.isEmpty())
      return Optional.of(
          "no "
              + target
              + " evaluator is live (no heartbeat for "
              + EvaluatorHeartbeat.LIVE_WINDOW.toSeconds()
              + " s)");
    if (ofTarget.stream().anyMatch(e -> e.trainsOn == null || training.contains(e.trainsOn)))
      return Optional.empty();
    String trainsOn =
        ofTarget.stream()
            .map(e -> e.trainsOn)
            .distinct()
            .sorted()
            .collect(Collectors.joining(", "));
    return Optional.of(
        "the live "
            + target
            + " evaluators only time (their candidates train on "
            + trainsOn
            + "), and no evaluator that trains is live on "
            + trainsOn);
  }
}
