package dev.sculptor.store.team;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class TeamRepository implements PanacheRepositoryBase<Team, UUID> {
  public Optional<Team> findByName(String name) {
    return find("name", name).firstResultOptional();
  }
}
