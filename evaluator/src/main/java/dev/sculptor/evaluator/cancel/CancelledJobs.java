package dev.sculptor.evaluator.cancel;

import dev.sculptor.core.messaging.Topics;
import dev.sculptor.messaging.KafkaClients;
import dev.sculptor.messaging.consumer.ConsumerLoop;
import dev.sculptor.messaging.consumer.DeadLetterSink;
import dev.sculptor.messaging.jobs.CancelRequests;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The jobs whose owner asked to stop them, heard on the jobs topic, so this evaluator spends no
 * time on their queued requests and stops the one in hand. Every evaluator reads the whole topic in
 * a group of its own, from the start of what the broker keeps: a cancel made while it was down
 * still counts, and the topic's retention bounds what it reads and holds (one id per cancelled
 * job). Only job ids are kept, in memory; they are read again at every start.
 */
public final class CancelledJobs implements AutoCloseable {
  private final Set<UUID> jobs = ConcurrentHashMap.newKeySet();
  private final Consumer<UUID> onCancel;
  private volatile ConsumerLoop loop;

  private CancelledJobs(Consumer<UUID> onCancel) {
    this.onCancel = onCancel;
  }

  /**
   * Starts listening; {@code onCancel} hears each job once, after {@link #contains} already says
   * so. Unreadable records are skipped ({@link CancelRequests}), so {@code deadLetters} only backs
   * the loop's last resort.
   */
  public static CancelledJobs listen(
      KafkaClients kafka, DeadLetterSink deadLetters, Consumer<UUID> onCancel) {
    CancelledJobs cancelled = new CancelledJobs(onCancel);
    cancelled.loop =
        ConsumerLoop.start(
            kafka.consumer(
                "job-cancels",
                "sculptor-evaluator-cancels-" + UUID.randomUUID(),
                "earliest",
                List.of(Topics.JOBS),
                Duration.ofMillis(500)),
            CancelRequests.handler(cancelled::heard),
            deadLetters);
    return cancelled;
  }

  void heard(UUID jobId) {
    if (jobs.add(jobId)) onCancel.accept(jobId);
  }

  public boolean contains(UUID jobId) {
    return jobs.contains(jobId);
  }

  @Override
  public void close() {
    ConsumerLoop l = loop;
    if (l != null) l.close();
  }
}
