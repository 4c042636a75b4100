package dev.sculptor.messaging.producer;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How a producer delivers, chosen by what its caller does when a send fails. Every producer is
 * acknowledged by all in-sync replicas and idempotent, and sends at once (no linger): Sculptor's
 * messages are few and somebody waits for each. The kinds differ only in how long a send may block
 * or wait for the broker before it fails, always far below the client's own defaults.
 */
public enum Delivery {
  /**
   * The caller tries again on its own soon after: the api's outbox relay, a dead-letter replay an
   * admin waits for.
   */
  QUICK(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(5)),
  /**
   * The worker's evaluation requests: a broker that is away costs a job seconds; the row is sent
   * again later.
   */
  STEADY(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10)),
  /**
   * The evaluator's results and dead letters: its request stays uncommitted until they are
   * acknowledged, so it may wait.
   */
  PATIENT(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30)),
  /**
   * Progress events and heartbeats: what they tell is kept elsewhere and the next one replaces a
   * lost one.
   */
  BEST_EFFORT(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10));

  private final Duration maxBlock;
  private final Duration requestTimeout;
  private final Duration deliveryTimeout;

  Delivery(Duration maxBlock, Duration requestTimeout, Duration deliveryTimeout) {
    this.maxBlock = maxBlock;
    this.requestTimeout = requestTimeout;
    this.deliveryTimeout = deliveryTimeout;
  }

  /** The producer configuration for the broker at {@code bootstrap}. */
  public Map<String, Object> config(String bootstrap) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap,
        ProducerConfig.ACKS_CONFIG,
        "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
        true,
        ProducerConfig.LINGER_MS_CONFIG,
        0,
        ProducerConfig.MAX_BLOCK_MS_CONFIG,
        (int) maxBlock.toMillis(),
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        (int) requestTimeout.toMillis(),
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        (int) deliveryTimeout.toMillis());
  }

  /**
   * The longest a send can take before the client itself fails it: blocked for metadata, then the
   * delivery timeout.
   */
  public Duration longestSend() {
    return maxBlock.plus(deliveryTimeout);
  }
}
