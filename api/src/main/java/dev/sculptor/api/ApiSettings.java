package dev.sculptor.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/**
 * The api's own {@code sculptor.*} settings, read in one place (application.properties has each one
 * with its environment variable and explains it). The broker is {@code sculptor.kafka.*} (store's
 * {@code KafkaSettings}); dataset upload limits are {@code sculptor.datasets.*} ({@code
 * DatasetSettings}).
 */
@ConfigMapping(prefix = "sculptor")
public interface ApiSettings {
  /** The operator's key (teams, keys, dead letters); empty: no admin endpoints. */
  Optional<String> adminKey();

  /** The 'local' team's key, made at start when set (the local launcher sets it). */
  Optional<String> localTeamKey();

  /**
   * Root of the artifact store the evaluators write model files into and the api serves them from.
   */
  String artifactDir();

  /** Largest {@code budget.maxCandidates} one job may ask for. */
  int maxCandidates();

  /** Largest {@code budget.maxWallClockMinutes} one job may ask for. */
  int maxWallClockMinutes();

  Quota quota();

  @WithName("api")
  Requests requests();

  Http http();

  Sse sse();

  Outbox outbox();

  /** Per-team quotas, the same for every team. */
  interface Quota {
    /** Queued plus running jobs a team may have at once. */
    int activeJobs();

    /** Training one job may ask for: candidates times epochs per candidate. */
    long candidateEpochsPerJob();
  }

  /** Limits of one request, and of a team's submits waiting on this replica. */
  interface Requests {
    @WithDefault("16")
    int submitQueuePerTeam();

    @WithDefault("PT2S")
    Duration submitWait();

    long maxBodyBytes();

    long maxHeaderBytes();
  }

  /** Security headers on every response. */
  interface Http {
    String contentSecurityPolicy();

    /** Swagger UI's page has inline scripts and styles: its own, looser policy. */
    String swaggerUiContentSecurityPolicy();
  }

  /** Server-sent event streams. */
  interface Sse {
    int maxStreamsPerKey();

    int bufferEvents();

    /** Also read by the heartbeat's schedule expression. */
    int heartbeatSeconds();
  }

  interface Outbox {
    /**
     * Tries of a row the broker keeps refusing before it is parked (an outage is retried as long as
     * it lasts).
     */
    int maxAttempts();
  }
}
