package dev.sculptor.messaging.consumer;

import dev.sculptor.core.messaging.DeadLetter;
import dev.sculptor.messaging.consumer.ConsumerHealth.State;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The one way every service reads a topic (api fan-out and dead letters, worker job intake and
 * result ingest, the evaluator). A daemon thread polls and hands records to the handler in order;
 * what a failure means is decided by {@link FailurePolicy}:
 *
 * <ul>
 *   <li>infrastructure (database, broker, timeouts): nothing is committed past the record, the
 *       consumer seeks back to it and tries it again with backoff, for as long as it takes;
 *   <li>a malformed message: it goes to the {@link DeadLetterSink}, is committed, and the next
 *       record is handled;
 *   <li>anything thrown past the handler (an {@link Error}, a broken consumer): the consumer is
 *       closed and a new one started after a backoff; {@link #health()} says RESTARTING meanwhile.
 * </ul>
 *
 * Offsets are committed only for records handled or dead-lettered, so delivery is at least once:
 * handlers must be idempotent.
 */
public final class ConsumerLoop implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ConsumerLoop.class.getName());

  private final ConsumerSettings settings;
  private final RecordHandler handler;
  private final DeadLetterSink deadLetters;
  private final FailurePolicy policy;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicLong deadLettered = new AtomicLong();
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, String> consumer;
  private volatile ConsumerHealth health;
  private int restarts;

  private ConsumerLoop(
      ConsumerSettings settings,
      RecordHandler handler,
      DeadLetterSink deadLetters,
      FailurePolicy policy) {
    this.settings = settings;
    this.handler = handler;
    this.deadLetters = deadLetters;
    this.policy = policy;
    this.health =
        new ConsumerHealth(
            settings.name(),
            State.STARTING,
            "subscribing to " + settings.topics(),
            0,
            Instant.now());
  }

  /** Starts the loop on a daemon thread named after it. */
  public static ConsumerLoop start(
      ConsumerSettings settings, RecordHandler handler, DeadLetterSink deadLetters) {
    return start(settings, handler, deadLetters, FailurePolicy.of(settings));
  }

  public static ConsumerLoop start(
      ConsumerSettings settings,
      RecordHandler handler,
      DeadLetterSink deadLetters,
      FailurePolicy policy) {
    ConsumerLoop loop = new ConsumerLoop(settings, handler, deadLetters, policy);
    Thread.ofPlatform().name(settings.name()).daemon().start(loop::supervise);
    return loop;
  }

  public String name() {
    return settings.name();
  }

  public ConsumerHealth health() {
    return health;
  }

  /** Records dead-lettered since start. */
  public long deadLettered() {
    return deadLettered.get();
  }

  /**
   * Waits until the loop's thread has ended (after {@link #close()}); false if it has not within
   * {@code timeout}.
   */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void supervise() {
    int deaths = 0;
    try {
      while (running) {
        Session session = new Session();
        try {
          session.run();
        } catch (Throwable t) {
          if (!running) break;
          // A session that handled something was healthy: start the backoff over.
          deaths = session.handledAny ? 1 : deaths + 1;
          Duration wait = settings.backoff().delay(deaths);
          LOG.log(
              Level.SEVERE,
              "consumer " + name() + " died; starting a new one in " + wait.toMillis() + " ms",
              t);
          restarts++;
          health(
              State.RESTARTING,
              "died ("
                  + FailurePolicy.describe(t)
                  + "); restart "
                  + restarts
                  + " in "
                  + wait.toMillis()
                  + " ms");
          pause(wait);
        }
      }
    } finally {
      health(State.STOPPED, "closed");
      stopped.countDown();
    }
  }

  /**
   * One KafkaConsumer's life; any exception out of here ends it and the supervisor starts another.
   */
  private final class Session {
    private int failures;
    private boolean handledAny;

    void run() {
      try (KafkaConsumer<String, String> c = newConsumer()) {
        consumer = c;
        if (!running) return;
        c.subscribe(settings.topics());
        while (running) {
          ConsumerRecords<String, String> records = c.poll(settings.poll());
          if (health.state() == State.STARTING || health.state() == State.RESTARTING)
            health(State.RUNNING, "polling " + settings.topics());
          if (!records.isEmpty()) batch(c, records);
        }
      } catch (org.apache.kafka.common.errors.WakeupException e) {
        if (running) throw e;
      } finally {
        consumer = null;
      }
    }

    private void batch(KafkaConsumer<String, String> c, ConsumerRecords<String, String> records) {
      Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
      for (TopicPartition partition : records.partitions()) {
        for (ConsumerRecord<String, String> record : records.records(partition)) {
          FailurePolicy.Retry retry = handle(record);
          if (retry != null) {
            if (!done.isEmpty()) c.commitSync(done);
            seekBack(c, records, done);
            if (failures == 1)
              LOG.warning(
                  () ->
                      "consumer "
                          + name()
                          + ": "
                          + where(record)
                          + " failed ("
                          + retry.reason()
                          + "); retrying");
            health(
                State.RETRYING,
                where(record)
                    + " failed "
                    + failures
                    + " time(s): "
                    + retry.reason()
                    + "; next try in "
                    + retry.delay().toMillis()
                    + " ms");
            pause(retry.delay());
            return;
          }
          done.put(partition, new OffsetAndMetadata(record.offset() + 1));
        }
      }
      c.commitSync(done);
      if (health.state() == State.RETRYING) {
        LOG.info(() -> "consumer " + name() + " is going again");
        health(State.RUNNING, "polling " + settings.topics());
      }
    }

    /** Handles or dead-letters {@code record}; returns the retry to make when neither worked. */
    private FailurePolicy.Retry handle(ConsumerRecord<String, String> record) {
      Exception failure;
      try {
        handler.handle(record);
        succeeded();
        return null;
      } catch (Exception e) {
        failure = e;
      }
      failures++;
      return switch (policy.decide(failure, failures)) {
        case FailurePolicy.Retry retry -> retry;
        case FailurePolicy.DeadLetterIt it -> deadLetter(record, it.reason());
      };
    }

    private FailurePolicy.Retry deadLetter(ConsumerRecord<String, String> record, String reason) {
      try {
        deadLetters.accept(
            DeadLetter.of(
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                record.value(),
                reason,
                settings.group(),
                Instant.now()));
      } catch (Exception e) {
        return new FailurePolicy.Retry(
            settings.backoff().delay(failures), "could not store the dead letter: " + e);
      }
      deadLettered.incrementAndGet();
      LOG.warning(() -> "consumer " + name() + ": dead-lettered " + where(record) + ": " + reason);
      succeeded();
      return null;
    }

    private void succeeded() {
      failures = 0;
      handledAny = true;
    }
  }

  /**
   * Every partition of the batch goes back to its first record not yet done, so nothing is skipped.
   */
  private static void seekBack(
      KafkaConsumer<String, String> c,
      ConsumerRecords<String, String> records,
      Map<TopicPartition, OffsetAndMetadata> done) {
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<String, String>> list = records.records(partition);
      long next =
          done.containsKey(partition) ? done.get(partition).offset() : list.getFirst().offset();
      if (next <= list.getLast().offset()) c.seek(partition, next);
    }
  }

  private KafkaConsumer<String, String> newConsumer() {
    Map<String, Object> config =
        new HashMap<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, settings.group(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.offsetReset(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // Partitions added to a topic (more evaluators of a target: TopicSetup) are seen
                // within a
                // minute instead of the client's default 5; requests sent to them wait until then.
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 60_000));
    config.putAll(settings.kafka());
    return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
  }

  private void health(State state, String detail) {
    health = new ConsumerHealth(settings.name(), state, detail, restarts, Instant.now());
  }

  private void pause(Duration wait) {
    try {
      closing.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private static String where(ConsumerRecord<String, String> record) {
    return record.topic() + "/" + record.partition() + "@" + record.offset();
  }

  /** Stops polling; the thread ends once the record in hand is done (see {@link #awaitStopped}). */
  @Override
  public void close() {
    running = false;
    closing.countDown();
    KafkaConsumer<String, String> c = consumer;
    if (c != null) c.wakeup();
  }
}
