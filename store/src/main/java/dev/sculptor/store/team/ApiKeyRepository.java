package dev.sculptor.store.team;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, UUID> {
  /**
   * The key with this hash if it is not revoked (or its revocation is still ahead, a rotation's
   * grace).
   */
  public Optional<ApiKey> findActiveByHash(String keyHash) {
    return find("keyHash = ?1 and (revokedAt is null or revokedAt > ?2)", keyHash, Instant.now())
        .firstResultOptional();
  }

  public Optional<ApiKey> findByHash(String keyHash) {
    return find("keyHash", keyHash).firstResultOptional();
  }

  /** Every key of the team, revoked ones too, oldest first. */
  public List<ApiKey> listByTeam(UUID teamId) {
    return list("teamId = ?1 order by createdAt, id", teamId);
  }

  public Optional<ApiKey> findInTeam(UUID teamId, UUID keyId) {
    return find("id = ?1 and teamId = ?2", keyId, teamId).firstResultOptional();
  }

  /**
   * Like {@link #findInTeam}, locking the row until the transaction ends: one revocation or
   * rotation at a time.
   */
  public Optional<ApiKey> findInTeamForUpdate(UUID teamId, UUID keyId) {
    return find("id = ?1 and teamId = ?2", keyId, teamId)
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .firstResultOptional();
  }

  /**
   * Stamps the key as used now unless it was stamped within {@code minIntervalSeconds}; the
   * condition keeps several replicas from writing the same key more than about once per interval.
   */
  public void touch(UUID keyId, Instant now, long minIntervalSeconds) {
    update(
        "lastUsedAt = ?1 where id = ?2 and (lastUsedAt is null or lastUsedAt < ?3)",
        now,
        keyId,
        now.minusSeconds(minIntervalSeconds));
  }
}
