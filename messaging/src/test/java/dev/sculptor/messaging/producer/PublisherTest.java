package dev.sculptor.messaging.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The publisher's rules, with Kafka's MockProducer behind the factory instead of a broker. */
class PublisherTest {
  final List<MockProducer<String, String>> made = new ArrayList<>();
  final List<Delivery> asked = new ArrayList<>();

  ProducerFactory mocks(boolean autoComplete) {
    return delivery -> {
      asked.add(delivery);
      MockProducer<String, String> producer =
          new MockProducer<>(autoComplete, null, new StringSerializer(), new StringSerializer());
      made.add(producer);
      return producer;
    };
  }

  @Test
  void oneProducerOfTheAskedDeliveryServesEverySendAndIsMadeOnlyWhenFirstNeeded() throws Exception {
    Publisher publisher = new Publisher(mocks(true), Delivery.STEADY);
    assertThat(made).as("nothing made before the first send").isEmpty();

    publisher.send("t", "k1", "a");
    publisher.send("t", "k2", "b");

    assertThat(asked).containsExactly(Delivery.STEADY);
    assertThat(made.getFirst().history())
        .extracting(r -> r.key() + "=" + r.value())
        .containsExactly("k1=a", "k2=b");
  }

  @Test
  void aFailedSendClosesItsProducerAtOnceSoNothingBufferedGoesOutLaterAndTheNextSendGetsAFreshOne()
      throws Exception {
    Publisher publisher = new Publisher(mocks(false), Delivery.QUICK);
    CompletableFuture<Void> failing =
        CompletableFuture.runAsync(
            () -> {
              try {
                publisher.send("t", "k", "lost");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    org.awaitility.Awaitility.await()
        .until(() -> !made.isEmpty() && made.getFirst().history().size() == 1);
    made.getFirst().errorNext(new TimeoutException("broker away"));

    assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .rootCause()
        .isInstanceOf(TimeoutException.class)
        .hasMessage("broker away");
    assertThat(made.getFirst().closed()).isTrue();

    CompletableFuture<Void> next =
        CompletableFuture.runAsync(
            () -> {
              try {
                publisher.send("t", "k", "again");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    org.awaitility.Awaitility.await()
        .until(() -> made.size() == 2 && made.get(1).history().size() == 1);
    made.get(1).completeNext();
    next.get(10, TimeUnit.SECONDS);
    assertThat(made.get(1).closed()).isFalse();
  }

  @Test
  void aFireAndForgetFailureGoesToTheCallbackNotTheCaller() {
    Publisher publisher = new Publisher(mocks(false), Delivery.BEST_EFFORT);
    List<Exception> failures = new ArrayList<>();

    publisher.sendAndForget("t", "k", "event", failures::add);
    made.getFirst().errorNext(new TimeoutException("broker away"));

    assertThat(failures).singleElement().isInstanceOf(TimeoutException.class);
  }

  @Test
  void everyDeliveryIsAcknowledgedByAllReplicasIdempotentAndBoundedBelowTheClientDefaults() {
    for (Delivery delivery : Delivery.values()) {
      var config = delivery.config("broker:9092");
      assertThat(config)
          .containsEntry("acks", "all")
          .containsEntry("enable.idempotence", true)
          .containsEntry("linger.ms", 0);
      assertThat((int) config.get("delivery.timeout.ms"))
          .as(delivery.name())
          .isGreaterThanOrEqualTo((int) config.get("request.timeout.ms"))
          .isLessThan(120_000);
      assertThat((int) config.get("max.block.ms")).isLessThan(60_000);
    }
  }
}
