package dev.sculptor.store.team;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * An API key, stored as the SHA-256 of the secret; {@code keyPrefix} identifies it to people.
 * {@code revokedAt} may lie in the future: a rotated key keeps working until then (its grace
 * period).
 */
@Entity
@Table(name = "api_key")
public class ApiKey {
  @Id public UUID id;
  public UUID teamId;

  @Column(columnDefinition = "bpchar(64)")
  public String keyHash;

  public String keyPrefix;
  public String label;
  public boolean admin;
  public Instant createdAt = Instant.now();
  public Instant revokedAt;

  /**
   * Written at most once per interval per key (the api's KeyUsage), so accurate to that interval.
   */
  public Instant lastUsedAt;

  public boolean activeAt(Instant now) {
    return revokedAt == null || revokedAt.isAfter(now);
  }
}
