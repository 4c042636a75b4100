package dev.sculptor.api.auth;

import dev.sculptor.api.problem.Problem;
import dev.sculptor.api.problem.ProblemException;
import dev.sculptor.store.team.ApiKey;
import dev.sculptor.store.team.ApiKeyRepository;
import dev.sculptor.store.team.TeamRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Issuing, listing, revoking and rotating a team's keys. Access is checked by the caller ({@link
 * CallerContext#requireTeam}); here a key is only ever found within the given team. The cache is
 * evicted after the revocation has committed, so this replica refuses the key at once.
 */
@ApplicationScoped
public class ApiKeys {
  @Inject ApiKeyRepository keys;
  @Inject TeamRepository teams;
  @Inject KeyCache cache;

  /** A new key: its row, and the secret, which is shown once and never stored. */
  public record Issued(ApiKey key, String secret) {}

  /** A rotation: the new key, and the old one with the time its revocation takes effect. */
  public record Rotated(Issued replacement, ApiKey old) {}

  public Issued issue(UUID teamId, String label) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              requireTeamExists(teamId);
              return newKey(teamId, label);
            });
  }

  public List<ApiKey> list(UUID teamId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              requireTeamExists(teamId);
              return keys.listByTeam(teamId);
            });
  }

  /** Revokes now; revoking a key already revoked changes nothing. */
  public ApiKey revoke(UUID teamId, UUID keyId) {
    ApiKey key =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  ApiKey k = find(teamId, keyId);
                  Instant now = Instant.now();
                  if (k.activeAt(now)) k.revokedAt = now;
                  return k;
                });
    cache.evict(key.keyHash);
    return key;
  }

  /**
   * Issues a new key with the old one's label and revokes the old one, at once or after {@code
   * grace} so a deployment can switch over without a failed call.
   */
  public Rotated rotate(UUID teamId, UUID keyId, Duration grace) {
    Rotated rotated =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  ApiKey old = find(teamId, keyId);
                  Instant now = Instant.now();
                  if (!old.activeAt(now)) {
                    throw new ProblemException(
                        409,
                        "key-revoked",
                        "This key is already revoked; issue a new one instead",
                        List.of(new Problem.FieldError("keyId", "revoked at " + old.revokedAt)));
                  }
                  Instant end = now.plus(grace);
                  // A second rotation during a grace period must not lengthen it.
                  if (old.revokedAt == null || end.isBefore(old.revokedAt)) old.revokedAt = end;
                  return new Rotated(newKey(teamId, old.label), old);
                });
    // Entries cached before the rotation do not know its time: evict, so the next call reads it.
    cache.evict(rotated.old().keyHash);
    return rotated;
  }

  private ApiKey find(UUID teamId, UUID keyId) {
    requireTeamExists(teamId);
    // Locked: of two concurrent rotations of one key, the second sees the first's revocation.
    return keys.findInTeamForUpdate(teamId, keyId)
        .orElseThrow(() -> ProblemException.notFound("key"));
  }

  private void requireTeamExists(UUID teamId) {
    if (teams.findById(teamId) == null) throw ProblemException.notFound("team");
  }

  /** A key for a team created in the caller's transaction (its first key). */
  @Transactional(Transactional.TxType.MANDATORY)
  public Issued issueInCurrentTransaction(UUID teamId, String label) {
    return newKey(teamId, label);
  }

  private Issued newKey(UUID teamId, String label) {
    String secret = KeyHash.newSecret();
    ApiKey key = new ApiKey();
    key.id = UUID.randomUUID();
    key.teamId = teamId;
    key.keyHash = KeyHash.sha256(secret);
    key.keyPrefix = KeyHash.prefix(secret);
    key.label = label;
    keys.persist(key);
    return new Issued(key, secret);
  }
}
