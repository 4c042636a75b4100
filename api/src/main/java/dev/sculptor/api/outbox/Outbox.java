package dev.sculptor.api.outbox;

import dev.sculptor.core.messaging.Json;
import dev.sculptor.store.outbox.OutboxMessage;
import dev.sculptor.store.outbox.OutboxRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Writes a message in the caller's transaction; {@link OutboxRelay} publishes it after commit. */
@ApplicationScoped
public class Outbox {
  @Inject OutboxRepository outbox;

  @Transactional(Transactional.TxType.MANDATORY)
  public void add(String topic, String key, Object message) {
    OutboxMessage row = new OutboxMessage();
    row.topic = topic;
    row.messageKey = key;
    row.payload = Json.write(message);
    outbox.persist(row);
  }
}
