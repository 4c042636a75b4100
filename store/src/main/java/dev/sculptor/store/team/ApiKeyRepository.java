package dev.sculptor.store.team;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, UUID> {
  public Optional<ApiKey> findActiveByHash(String keyHash) {
    return find("keyHash = ?1 and revokedAt is null", keyHash).firstResultOptional();
  }
}
