package dev.sculptor.store.dataset;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A team's uploaded dataset; its file is the artifact {@code artifactId}. */
@Entity
@Table(name = "dataset")
public class DatasetRow {
  @Id public UUID id;
  public UUID teamId;
  public String name;
  public String sourceFormat;
  public int channels;
  public int height;
  public int width;

  /** JSON array of class names in label order. */
  @JdbcTypeCode(SqlTypes.JSON)
  public String classNames;

  /** JSON object: split name → examples per class. */
  @JdbcTypeCode(SqlTypes.JSON)
  public String classCounts;

  public int trainExamples;
  public int validationExamples;
  public int testExamples;
  public Long splitSeed;
  public long bytes;
  public UUID artifactId;
  public Instant createdAt = Instant.now();
}
