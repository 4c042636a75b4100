package dev.sculptor.core.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The services' one way to read topics: a daemon thread polls, hands each record to the handler,
 * and commits the batch's offsets only after every record was handled (at least once). A record
 * the handler rejects with a RuntimeException is logged and skipped so one bad message cannot
 * block a topic. {@link #close()} wakes the poll and ends the thread.
 */
public final class TopicReader implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TopicReader.class.getName());

  private final KafkaConsumer<String, String> consumer;
  private final Consumer<ConsumerRecord<String, String>> handler;
  private final Duration poll;
  private volatile boolean running = true;

  private TopicReader(KafkaConsumer<String, String> consumer, Consumer<ConsumerRecord<String, String>> handler, Duration poll) {
    this.consumer = consumer;
    this.handler = handler;
    this.poll = poll;
  }

  /**
   * Starts reading {@code topics} as consumer group {@code group}; a new group starts at the
   * topics' {@code start} ("earliest" or "latest").
   */
  public static TopicReader start(String threadName, String bootstrap, String group, String start, List<String> topics, Duration poll,
      Consumer<ConsumerRecord<String, String>> handler) {
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, group,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, start,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(topics);
    TopicReader reader = new TopicReader(consumer, handler, poll);
    Thread.ofPlatform().name(threadName).daemon().start(reader::run);
    return reader;
  }

  private void run() {
    try {
      while (running) {
        var records = consumer.poll(poll);
        for (ConsumerRecord<String, String> record : records) {
          try {
            handler.accept(record);
          } catch (RuntimeException e) {
            LOG.warning("skipping unusable message on " + record.topic() + " at offset " + record.offset() + ": " + e.getMessage());
          }
        }
        if (!records.isEmpty()) consumer.commitSync();
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
  }
}
