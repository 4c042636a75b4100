package dev.sculptor.store.outbox;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class OutboxRepository implements PanacheRepository<OutboxMessage> {
  /** The oldest unpublished messages, in the order they were written. */
  public List<OutboxMessage> unpublished(int limit) {
    return find("publishedAt is null order by id").page(0, limit).list();
  }
}
