package dev.sculptor.store.team;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An API key, stored as the SHA-256 of the secret; {@code keyPrefix} identifies it to people. */
@Entity
@Table(name = "api_key")
public class ApiKey {
  @Id public UUID id;
  public UUID teamId;
  @Column(columnDefinition = "bpchar(64)") public String keyHash;
  public String keyPrefix;
  public String label;
  public boolean admin;
  public Instant createdAt = Instant.now();
  public Instant revokedAt;
}
