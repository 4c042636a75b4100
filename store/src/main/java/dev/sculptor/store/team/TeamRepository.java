package dev.sculptor.store.team;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class TeamRepository implements PanacheRepositoryBase<Team, UUID> {
  public Optional<Team> findByName(String name) {
    return find("name", name).firstResultOptional();
  }

  /**
   * Inserts the team unless its name is taken, without an exception either way: two concurrent
   * creations with one name get one true and one false (the loser waits for the winner's commit).
   */
  public boolean insertIfNameFree(Team team) {
    if (team.createdAt == null) team.createdAt = Instant.now();
    int rows =
        getEntityManager()
            .createNativeQuery(
                "INSERT INTO team (id, name, created_at) VALUES (?1, ?2, ?3) ON CONFLICT (name) DO"
                    + " NOTHING")
            .setParameter(1, team.id)
            .setParameter(2, team.name)
            .setParameter(3, team.createdAt)
            .executeUpdate();
    return rows == 1;
  }

  /**
   * Locks the team's row until the transaction ends, so one team's job submissions run one at a
   * time: the idempotency lookup and the active-jobs count then see every earlier submit. {@code
   * FOR NO KEY UPDATE} does not block inserts that only reference the team (its keys, jobs).
   *
   * <p>Waits at most {@code lockTimeoutMs} for the lock (another replica's submit of the team),
   * then fails with PostgreSQL's lock_not_available (SQLSTATE 55P03).
   *
   * @return false if there is no such team
   */
  public boolean lockForSubmit(UUID teamId, long lockTimeoutMs) {
    getEntityManager()
        .createNativeQuery("SELECT set_config('lock_timeout', ?1, true)")
        .setParameter(1, lockTimeoutMs + "ms")
        .getSingleResult();
    return !getEntityManager()
        .createNativeQuery("SELECT id FROM team WHERE id = ?1 FOR NO KEY UPDATE")
        .setParameter(1, teamId)
        .getResultList()
        .isEmpty();
  }
}
