package dev.sculptor.messaging.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sculptor.core.messaging.Topics;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicLayoutTest {

  @Test
  void everyEvaluateTopicGetsTheConfiguredPartitionsAndTheOthersKeepTheirs() {
    List<NewTopic> topics =
        new TopicLayout(24, (short) 3).topics(List.of("host-cpu", "arm-cortex-a72"));

    assertThat(topics)
        .filteredOn(t -> TopicLayout.isEvaluateTopic(t.name()))
        .extracting(NewTopic::name, NewTopic::numPartitions)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("sculptor.evaluate.v1.host-cpu", 24),
            org.assertj.core.groups.Tuple.tuple("sculptor.evaluate.v1.arm-cortex-a72", 24));
    assertThat(topics)
        .filteredOn(t -> t.name().equals(Topics.JOBS))
        .singleElement()
        .extracting(NewTopic::numPartitions)
        .isEqualTo(4);
    assertThat(topics).extracting(NewTopic::replicationFactor).containsOnly((short) 3);
    assertThat(topics)
        .extracting(NewTopic::name)
        .contains(Topics.DEAD_LETTERS, Topics.EVENTS, Topics.EVALUATORS);
  }

  @Test
  void theLocalLayoutKeepsFourPartitionsOnOneReplica() {
    assertThat(TopicLayout.local()).isEqualTo(new TopicLayout(4, (short) 1));
  }

  @Test
  void nonsenseSettingsAreRefusedSayingWhatToSet() {
    assertThatThrownBy(() -> new TopicLayout(0, (short) 1))
        .hasMessageContaining("most evaluators of one target");
    assertThatThrownBy(() -> new TopicLayout(4, (short) 0))
        .hasMessageContaining("replication factor");
  }
}
