package dev.sculptor.messaging.consumer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One consumer loop: its name (thread, logs, readiness), the group and topics, where a new group
 * starts ("earliest" or "latest"), and how it backs off. {@code kafka} adds or overrides consumer
 * properties (the evaluator takes one record per poll and a long poll interval). {@code
 * unknownFailureTries} bounds the tries of a record failing in a way nobody recognises before it is
 * dead-lettered.
 */
public record ConsumerSettings(
    String name,
    String bootstrap,
    String group,
    String offsetReset,
    List<String> topics,
    Duration poll,
    Backoff backoff,
    int unknownFailureTries,
    Map<String, Object> kafka) {

  public ConsumerSettings {
    topics = List.copyOf(topics);
    kafka = Map.copyOf(kafka);
    if (unknownFailureTries < 1)
      throw new IllegalArgumentException("unknownFailureTries must be at least 1");
  }

  public static ConsumerSettings of(
      String name,
      String bootstrap,
      String group,
      String offsetReset,
      List<String> topics,
      Duration poll) {
    return new ConsumerSettings(
        name, bootstrap, group, offsetReset, topics, poll, Backoff.DEFAULT, 5, Map.of());
  }

  public ConsumerSettings withBackoff(Backoff value) {
    return new ConsumerSettings(
        name, bootstrap, group, offsetReset, topics, poll, value, unknownFailureTries, kafka);
  }

  public ConsumerSettings withKafka(Map<String, Object> value) {
    return new ConsumerSettings(
        name, bootstrap, group, offsetReset, topics, poll, backoff, unknownFailureTries, value);
  }
}
