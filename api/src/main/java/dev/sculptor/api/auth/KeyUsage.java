package dev.sculptor.api.auth;

import dev.sculptor.store.team.ApiKeyRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Records when each key was last used, at most once per {@link #INTERVAL} per key: a busy script
 * costs one small write per interval, not one per request.
 */
@ApplicationScoped
public class KeyUsage {
  static final Duration INTERVAL = Duration.ofMinutes(1);
  private static final Logger LOG = Logger.getLogger(KeyUsage.class);

  private final Map<UUID, Instant> written = new ConcurrentHashMap<>();

  @Inject ApiKeyRepository keys;

  void used(UUID keyId) {
    Instant now = Instant.now();
    Instant last = written.get(keyId);
    if (last != null && last.isAfter(now.minus(INTERVAL))) return;
    // One thread per key and interval writes; the others go on at once.
    boolean mine =
        last == null ? written.putIfAbsent(keyId, now) == null : written.replace(keyId, last, now);
    if (!mine) return;
    try {
      QuarkusTransaction.requiringNew().run(() -> keys.touch(keyId, now, INTERVAL.toSeconds()));
    } catch (RuntimeException e) {
      // A missed stamp is not worth failing the caller's request for.
      LOG.warnf("could not record the use of API key %s: %s", keyId, e.toString());
    }
  }
}
