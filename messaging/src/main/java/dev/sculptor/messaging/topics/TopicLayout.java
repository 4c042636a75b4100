package dev.sculptor.messaging.topics;

import dev.sculptor.core.messaging.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * How many partitions and replicas Sculptor's topics get. The evaluate topics' partition count is
 * the most evaluators of one target that can work at once (Kafka gives each partition to one
 * consumer of the group; evaluators beyond it stand idle), so it is the setting that scales.
 *
 * @param evaluatePartitions partitions of each {@code sculptor.evaluate.v1.<target>}; local default
 *     {@value #LOCAL_EVALUATE_PARTITIONS}, see docs/deploy-at-scale.md for production
 * @param replicationFactor replicas of every topic (1 on one broker; 3 in production)
 */
public record TopicLayout(int evaluatePartitions, short replicationFactor) {
  public static final int LOCAL_EVALUATE_PARTITIONS = 4;

  /** Jobs and results are keyed by job id: a few partitions spread the workers' consumption. */
  static final int JOB_AND_RESULT_PARTITIONS = 4;

  public TopicLayout {
    if (evaluatePartitions < 1 || evaluatePartitions > 1000) {
      throw new IllegalArgumentException(
          "evaluate partitions must be 1..1000, got "
              + evaluatePartitions
              + ": set it to the most evaluators of one target you will run");
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "replication factor must be at least 1, got " + replicationFactor);
    }
  }

  /** One broker, as in {@code ./sculptor start} and the tests. */
  public static TopicLayout local() {
    return new TopicLayout(LOCAL_EVALUATE_PARTITIONS, (short) 1);
  }

  /** Every topic Sculptor uses, with one evaluate topic per hardware target. */
  public List<NewTopic> topics(List<String> hardwareTargets) {
    List<NewTopic> topics = new ArrayList<>();
    topics.add(new NewTopic(Topics.JOBS, JOB_AND_RESULT_PARTITIONS, replicationFactor));
    topics.add(new NewTopic(Topics.RESULTS, JOB_AND_RESULT_PARTITIONS, replicationFactor));
    topics.add(new NewTopic(Topics.EVENTS, 1, replicationFactor));
    topics.add(new NewTopic(Topics.EVALUATORS, 1, replicationFactor));
    topics.add(new NewTopic(Topics.DEAD_LETTERS, 1, replicationFactor));
    for (String target : hardwareTargets) {
      topics.add(new NewTopic(Topics.evaluate(target), evaluatePartitions, replicationFactor));
    }
    return List.copyOf(topics);
  }

  /**
   * Whether {@code topic} is an evaluate topic, whose partitions follow {@link
   * #evaluatePartitions}.
   */
  public static boolean isEvaluateTopic(String topic) {
    return topic.startsWith(Topics.evaluate(""));
  }
}
