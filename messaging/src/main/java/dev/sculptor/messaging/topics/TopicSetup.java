package dev.sculptor.messaging.topics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Makes the broker's topics match a {@link TopicLayout}: creates the missing ones and raises an
 * evaluate topic's partitions to the layout's (Kafka cannot lower them; a topic with more is left
 * as it is). Requests are keyed by candidate id, so adding partitions reorders nothing that
 * matters.
 */
public final class TopicSetup {
  private TopicSetup() {}

  /** What {@link #ensure} changed. */
  public record Changes(List<String> created, Map<String, Integer> grownTo) {
    public boolean none() {
      return created.isEmpty() && grownTo.isEmpty();
    }
  }

  public static Changes ensure(Admin admin, TopicLayout layout, List<String> hardwareTargets)
      throws InterruptedException, TimeoutException {
    List<NewTopic> wanted = layout.topics(hardwareTargets);
    try {
      // Create and treat "exists" as done, rather than list first: a listing can lag a creation
      // that just happened (another service's, or this one's on a previous start).
      List<String> created = new ArrayList<>();
      for (var result : admin.createTopics(wanted).values().entrySet()) {
        try {
          result.getValue().get(30, TimeUnit.SECONDS);
          created.add(result.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) throw e;
        }
      }
      List<String> evaluate =
          wanted.stream()
              .map(NewTopic::name)
              .filter(name -> !created.contains(name) && TopicLayout.isEvaluateTopic(name))
              .toList();
      Map<String, NewPartitions> grow = new HashMap<>();
      if (!evaluate.isEmpty()) {
        Map<String, TopicDescription> described =
            admin.describeTopics(evaluate).allTopicNames().get(30, TimeUnit.SECONDS);
        described.forEach(
            (name, description) -> {
              if (description.partitions().size() < layout.evaluatePartitions()) {
                grow.put(name, NewPartitions.increaseTo(layout.evaluatePartitions()));
              }
            });
      }
      if (!grow.isEmpty()) admin.createPartitions(grow).all().get(30, TimeUnit.SECONDS);
      Map<String, Integer> grownTo = new HashMap<>();
      grow.keySet().forEach(name -> grownTo.put(name, layout.evaluatePartitions()));
      return new Changes(List.copyOf(created), Map.copyOf(grownTo));
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "could not set up Kafka topics: " + e.getCause().getMessage(), e.getCause());
    }
  }
}
