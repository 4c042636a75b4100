package dev.sculptor.store.deadletter;

import dev.sculptor.core.messaging.DeadLetter;
import dev.sculptor.messaging.consumer.DeadLetterSink;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.util.List;

/**
 * The dead-letter table, for consumers that have the database (api, search-worker). Each refusal is
 * stored once per consumer group and record and counted in {@code sculptor_dead_letters_total}.
 */
@ApplicationScoped
public class DeadLetters implements DeadLetterSink {
  @Inject EntityManager em;
  @Inject MeterRegistry metrics;

  @Override
  public void accept(DeadLetter letter) {
    int inserted =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    em.createNativeQuery(
                            """
                            INSERT INTO dead_letter (topic, kafka_partition, kafka_offset, message_key, payload, payload_truncated, reason, consumer_group, dead_at)
                            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                            ON CONFLICT ON CONSTRAINT dead_letter_once DO NOTHING\
                            """)
                        .setParameter(1, letter.topic())
                        .setParameter(2, letter.partition())
                        .setParameter(3, letter.offset())
                        .setParameter(4, stripNul(letter.key()))
                        .setParameter(5, stripNul(letter.payload()))
                        .setParameter(6, letter.payloadTruncated())
                        .setParameter(7, stripNul(letter.reason()))
                        .setParameter(8, letter.consumer())
                        .setParameter(9, Timestamp.from(letter.at()))
                        .executeUpdate());
    if (inserted > 0) metrics.counter("sculptor.dead.letters", "topic", letter.topic()).increment();
  }

  /** Newest first, optionally of one topic. */
  public List<DeadLetterRow> newest(String topic, int limit) {
    var query =
        topic == null
            ? em.createQuery("from DeadLetterRow order by id desc", DeadLetterRow.class)
            : em.createQuery(
                    "from DeadLetterRow where topic = ?1 order by id desc", DeadLetterRow.class)
                .setParameter(1, topic);
    return query.setMaxResults(limit).getResultList();
  }

  public DeadLetterRow find(long id) {
    return em.find(DeadLetterRow.class, id);
  }

  // PostgreSQL text cannot hold NUL; a poison message may.
  private static String stripNul(String s) {
    return s == null ? null : s.replace("\u0000", "\\u0000");
  }
}
