package dev.sculptor.api.auth;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recently resolved team keys by hash, so a busy script does not hit the database on every call. A
 * key revoked on this replica is evicted at once; other replicas drop it within {@link #TTL}.
 */
@ApplicationScoped
public class KeyCache {
  /**
   * How long another replica may still accept a key revoked elsewhere (documented in
   * operations.md).
   */
  public static final Duration TTL = Duration.ofSeconds(30);

  /** A resolved key: who it is, and until when this entry may be trusted. */
  public record Entry(Caller caller, UUID keyId, Instant until) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  // Hashes revoked here within the last TTL: a lookup that read the row just before the
  // revocation committed must not put it back into the cache.
  private final Map<String, Instant> evicted = new ConcurrentHashMap<>();

  Optional<Entry> get(String hash, Instant now) {
    Entry hit = entries.get(hash);
    if (hit == null || !hit.until().isAfter(now) || isEvicted(hash, now)) return Optional.empty();
    return Optional.of(hit);
  }

  /**
   * Caches a key found active, until {@code now + TTL} or until its revocation if that comes
   * sooner.
   */
  Entry put(String hash, Caller caller, UUID keyId, Instant revokedAt, Instant now) {
    Instant until = now.plus(TTL);
    if (revokedAt != null && revokedAt.isBefore(until)) until = revokedAt;
    Entry entry = new Entry(caller, keyId, until);
    entries.put(hash, entry);
    return entry;
  }

  void forget(String hash) {
    entries.remove(hash);
  }

  /** Called after a revocation has committed: this replica refuses the key from now on. */
  public void evict(String hash) {
    Instant now = Instant.now();
    evicted.values().removeIf(until -> !until.isAfter(now));
    evicted.put(hash, now.plus(TTL));
    entries.remove(hash);
  }

  private boolean isEvicted(String hash, Instant now) {
    Instant until = evicted.get(hash);
    return until != null && until.isAfter(now);
  }
}
