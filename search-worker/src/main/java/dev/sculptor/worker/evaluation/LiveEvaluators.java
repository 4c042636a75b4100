package dev.sculptor.worker.evaluation;

import jakarta.persistence.EntityManager;
import java.util.List;

/**
 * Which targets have a live evaluator: one whose heartbeat (every 5 s, stored by the api) came in
 * the last 15 s, the window the api's {@code /hardware} uses too. Runs in the caller's transaction.
 */
public final class LiveEvaluators {
  public static final int WINDOW_SECONDS = 15;

  private LiveEvaluators() {}

  @SuppressWarnings("unchecked")
  public static List<String> targets(EntityManager em) {
    return em.createNativeQuery("SELECT DISTINCT hardware_target FROM evaluator WHERE last_seen_at > now() - make_interval(secs => ?1)",
        String.class).setParameter(1, WINDOW_SECONDS).getResultList();
  }
}
