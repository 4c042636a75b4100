package dev.sculptor.api.auth;

import dev.sculptor.api.ApiSettings;
import dev.sculptor.store.team.ApiKey;
import dev.sculptor.store.team.ApiKeyRepository;
import dev.sculptor.store.team.Team;
import dev.sculptor.store.team.TeamRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * For the local run: makes sure a team "local" exists with the key the launcher generated, so a
 * newcomer gets a working key printed at start-up.
 */
@ApplicationScoped
public class LocalTeamBootstrap {
  private static final Logger LOG = Logger.getLogger(LocalTeamBootstrap.class);

  @Inject TeamRepository teams;
  @Inject ApiKeyRepository keys;

  @Inject ApiSettings settings;

  @Transactional
  void onStart(@Observes StartupEvent event) {
    Optional<String> localTeamKey = settings.localTeamKey();
    if (localTeamKey.isEmpty() || localTeamKey.get().isBlank()) return;
    String secret = localTeamKey.get();
    Optional<ApiKey> existing = keys.findByHash(KeyHash.sha256(secret));
    if (existing.isPresent()) {
      // Inserting it again would break the unique hash; a revoked key stays revoked.
      if (existing.get().revokedAt != null) {
        LOG.warnf(
            "the local team key %s… was revoked; delete .sculptor/keys.properties for new local"
                + " keys",
            existing.get().keyPrefix);
      }
      return;
    }
    Team team =
        teams
            .findByName("local")
            .orElseGet(
                () -> {
                  Team t = new Team();
                  t.id = UUID.randomUUID();
                  t.name = "local";
                  teams.persist(t);
                  return t;
                });
    ApiKey key = new ApiKey();
    key.id = UUID.randomUUID();
    key.teamId = team.id;
    key.keyHash = KeyHash.sha256(secret);
    key.keyPrefix = KeyHash.prefix(secret);
    key.label = "local run";
    keys.persist(key);
  }
}
