package dev.sculptor.store.team;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A team owns API keys and search jobs; a team sees only its own jobs. */
@Entity
@Table(name = "team")
public class Team {
  @Id public UUID id;
  public String name;
  public Instant createdAt = Instant.now();
}
