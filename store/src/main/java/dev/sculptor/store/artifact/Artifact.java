package dev.sculptor.store.artifact;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A deployable model file in the artifact store. */
@Entity
@Table(name = "artifact")
public class Artifact {
  @Id public UUID id;
  public String uri;
  public long bytes;

  @Column(columnDefinition = "bpchar(64)")
  public String sha256;

  public String mediaType = "application/zip";
  public Instant createdAt = Instant.now();
}
