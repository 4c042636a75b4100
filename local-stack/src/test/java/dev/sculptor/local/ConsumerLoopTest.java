package dev.sculptor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sculptor.core.messaging.DeadLetter;
import dev.sculptor.core.messaging.JobMessage;
import dev.sculptor.messaging.KafkaClients;
import dev.sculptor.messaging.consumer.Backoff;
import dev.sculptor.messaging.consumer.ConsumerHealth;
import dev.sculptor.messaging.consumer.ConsumerLoop;
import dev.sculptor.messaging.consumer.ConsumerSettings;
import dev.sculptor.messaging.consumer.InfrastructureFailure;
import dev.sculptor.messaging.consumer.Payloads;
import dev.sculptor.messaging.producer.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one consumer loop against a real KRaft broker: retries without skipping, dead letters,
 * restarts.
 */
class ConsumerLoopTest {
  static final Backoff FAST = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400));
  static LocalKafka kafka;
  static Admin admin;
  static Producer<String, String> producer;

  @BeforeAll
  static void start() {
    kafka = LocalKafka.startTemporary();
    KafkaClients clients = KafkaClients.of(kafka.bootstrapServers());
    admin = clients.admin(Duration.ofSeconds(30));
    producer = clients.producers().create(Delivery.QUICK);
  }

  @AfterAll
  static void stop() {
    producer.close();
    admin.close();
    kafka.close();
  }

  @Test
  void
      aRecordFailingOnTheInfrastructureIsRetriedUntilItSucceedsAndNothingIsSkippedOrCommittedEarly()
          throws Exception {
    String topic = topic();
    String group = "retry-" + UUID.randomUUID();
    List<String> handled = new CopyOnWriteArrayList<>();
    AtomicInteger failuresLeft = new AtomicInteger(3);
    List<Long> committedWhileFailing = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 5; i++) send(topic, "m" + i);

    try (ConsumerLoop loop =
        ConsumerLoop.start(
            settings(topic, group),
            record -> {
              if (record.value().equals("m2") && failuresLeft.getAndDecrement() > 0) {
                committedWhileFailing.add(committed(group, topic));
                throw new InfrastructureFailure(
                    "database unavailable",
                    new java.sql.SQLTransientConnectionException("refused", "08001"));
              }
              handled.add(record.value());
            },
            letter -> {
              throw new AssertionError("nothing is dead-lettered: " + letter);
            })) {
      await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 5);
      await().atMost(Duration.ofSeconds(10)).until(() -> committed(group, topic) == 5);
      assertThat(loop.health().state()).isEqualTo(ConsumerHealth.State.RUNNING);
    }

    assertThat(handled).containsExactly("m0", "m1", "m2", "m3", "m4");
    assertThat(failuresLeft.get()).isEqualTo(-1);
    // Whatever was committed while m2 kept failing stopped short of it (offset 2).
    assertThat(committedWhileFailing).hasSize(3).allMatch(offset -> offset <= 2);
  }

  @Test
  void aMalformedMessageIsDeadLetteredAndTheFollowingGoodMessageIsHandled() throws Exception {
    String topic = topic();
    List<DeadLetter> letters = new CopyOnWriteArrayList<>();
    List<String> handled = new CopyOnWriteArrayList<>();
    UUID job = UUID.randomUUID();
    send(topic, "{not json");
    send(topic, "{\"type\":\"JobExploded\",\"jobId\":\"" + job + "\"}");
    send(
        topic,
        "{\"type\":\"JobCancelRequested\",\"jobId\":\""
            + job
            + "\",\"requestedAt\":\"2026-12-01T00:00:00Z\"}");

    try (ConsumerLoop loop =
        ConsumerLoop.start(
            settings(topic, "poison-" + UUID.randomUUID()),
            record -> handled.add(Payloads.read(record, JobMessage.class).jobId().toString()),
            letters::add)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 1);
      assertThat(loop.deadLettered()).isEqualTo(2);
    }

    assertThat(handled).containsExactly(job.toString());
    assertThat(letters).extracting(DeadLetter::offset).containsExactly(0L, 1L);
    assertThat(letters.getFirst().topic()).isEqualTo(topic);
    assertThat(letters.getFirst().payload()).isEqualTo("{not json");
    assertThat(letters.getFirst().reason()).startsWith("not a readable JobMessage");
    assertThat(letters.get(1).reason()).startsWith("unknown or missing message type");
  }

  @Test
  void aConsumerKilledByAnErrorIsRestartedAndReportsItselfNotReadyUntilItRunsAgain()
      throws Exception {
    String topic = topic();
    List<String> handled = new CopyOnWriteArrayList<>();
    List<ConsumerHealth.State> seen = new CopyOnWriteArrayList<>();
    AtomicInteger kills = new AtomicInteger(1);
    send(topic, "fatal");
    send(topic, "after");

    ConsumerSettings settings =
        settings(topic, "killed-" + UUID.randomUUID())
            .withBackoff(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2)));
    try (ConsumerLoop loop =
        ConsumerLoop.start(
            settings,
            record -> {
              if (kills.getAndDecrement() > 0) throw new OutOfMemoryError("killed on purpose");
              handled.add(record.value());
            },
            letter -> {
              throw new AssertionError("nothing is dead-lettered");
            })) {
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                seen.add(loop.health().state());
                return !loop.health().ready();
              });
      assertThat(loop.health().state()).isEqualTo(ConsumerHealth.State.RESTARTING);
      assertThat(loop.health().detail()).contains("killed on purpose");

      await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 2);
      assertThat(loop.health().ready()).isTrue();
      assertThat(loop.health().restarts()).isEqualTo(1);
    }
    // The record the dead consumer held was not committed, so the new consumer handled it.
    assertThat(handled).containsExactly("fatal", "after");
  }

  private static ConsumerSettings settings(String topic, String group) {
    return ConsumerSettings.of(
            "test-loop",
            kafka.bootstrapServers(),
            group,
            "earliest",
            List.of(topic),
            Duration.ofMillis(100))
        .withBackoff(FAST);
  }

  private static String topic() throws Exception {
    String name = "loop-test-" + UUID.randomUUID();
    admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
    return name;
  }

  private static void send(String topic, String value) throws Exception {
    producer.send(new ProducerRecord<>(topic, "k", value)).get();
  }

  private static long committed(String group, String topic) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, 0));
    return offset == null ? 0 : offset.offset();
  }
}
