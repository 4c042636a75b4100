package dev.sculptor.messaging.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sculptor.core.messaging.DeadLetter;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.messaging.producer.Delivery;
import dev.sculptor.messaging.producer.Publisher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaDeadLetterSinkTest {
  static final DeadLetter LETTER =
      DeadLetter.of(
          "sculptor.evaluate.v1.host-cpu",
          2,
          7,
          "k",
          "not json",
          "not JSON",
          "evaluator",
          Instant.parse("2026-12-01T00:00:00Z"));

  @Test
  void aDeadLetterIsPublishedKeyedByTheRefusedRecordsTopic() throws Exception {
    List<MockProducer<String, String>> made = new ArrayList<>();
    try (KafkaDeadLetterSink sink =
        new KafkaDeadLetterSink(
            new Publisher(
                delivery -> {
                  made.add(
                      new MockProducer<>(
                          true, null, new StringSerializer(), new StringSerializer()));
                  return made.getLast();
                },
                Delivery.PATIENT))) {
      sink.accept(LETTER);
    }

    assertThat(made.getFirst().history())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.topic()).isEqualTo(Topics.DEAD_LETTERS);
              assertThat(r.key()).isEqualTo(LETTER.topic());
              assertThat(Json.read(r.value(), DeadLetter.class)).isEqualTo(LETTER);
            });
  }

  @Test
  void aSendThatFailsIsAnInfrastructureFailureSoTheRefusedRecordStaysUncommitted() {
    MockProducer<String, String> producer =
        new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    producer.sendException = new NetworkException("broker away");
    KafkaDeadLetterSink sink =
        new KafkaDeadLetterSink(new Publisher(delivery -> producer, Delivery.PATIENT));

    assertThatThrownBy(() -> sink.accept(LETTER)).isInstanceOf(InfrastructureFailure.class);
    assertThat(Failures.classify(new InfrastructureFailure("x", null)))
        .isEqualTo(FailureKind.INFRASTRUCTURE);
  }
}
