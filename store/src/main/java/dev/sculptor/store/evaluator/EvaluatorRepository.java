package dev.sculptor.store.evaluator;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class EvaluatorRepository implements PanacheRepositoryBase<EvaluatorRecord, String> {
  public List<EvaluatorRecord> seenSince(Instant since) {
    return list("lastSeenAt >= ?1", since);
  }
}
