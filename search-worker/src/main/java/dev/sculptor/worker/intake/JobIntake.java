package dev.sculptor.worker.intake;

import dev.sculptor.core.messaging.JobCancelRequested;
import dev.sculptor.core.messaging.JobMessage;
import dev.sculptor.core.messaging.JobSubmitted;
import dev.sculptor.core.messaging.SensitivityRequested;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.messaging.KafkaClients;
import dev.sculptor.messaging.consumer.Payloads;
import dev.sculptor.messaging.jobs.CancelRequests;
import dev.sculptor.store.consumer.Consumers;
import dev.sculptor.worker.evaluation.SensitivityAnalyses;
import dev.sculptor.worker.lease.JobLeases;
import dev.sculptor.worker.search.JobProgressStore;
import dev.sculptor.worker.search.JobRunner;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * How jobs reach a worker: {@code JobSubmitted} on the jobs topic (workers share one group), and a
 * sweep of the database every few seconds for jobs nobody holds — queued ones whose message was
 * missed and running ones whose worker died. {@code JobCancelRequested} reaches every worker (a
 * group of its own each) and stops the job at once where it runs ({@link JobCancels}); the job
 * row's flag, which searches also read, covers a request a worker did not hear. {@code
 * SensitivityRequested} (one worker of the group) sends the analysis of an evaluated candidate to
 * its evaluators, whether or not its job still runs ({@link SensitivityAnalyses}).
 */
@ApplicationScoped
public class JobIntake {
  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(JobIntake.class);

  @Inject KafkaClients kafka;

  @Inject JobRunner runner;
  @Inject JobLeases leases;
  @Inject JobProgressStore progress;
  @Inject Consumers consumers;
  @Inject JobCancels cancels;
  @Inject SensitivityAnalyses analyses;

  void onStart(@Observes StartupEvent event) {
    // The job is durable in the database; a job this worker could not take is swept up later. A
    // claim that fails on the database is retried by the loop; an unreadable message is
    // dead-lettered.
    consumers.start(
        kafka.consumer(
            "job-intake",
            "sculptor-search-worker",
            "earliest",
            List.of(Topics.JOBS),
            Duration.ofMillis(500)),
        record -> {
          JobMessage message = Payloads.read(record, JobMessage.class);
          Payloads.require(message.jobId(), "jobId");
          switch (message) {
            case JobSubmitted submitted -> runner.tryStart(submitted.jobId());
            case SensitivityRequested asked -> analyses.send(asked);
            case JobCancelRequested cancel -> {} // heard by every worker, below
          }
        });
    // Whichever worker runs the job must hear its cancel: every worker reads the topic in a group
    // of
    // its own, from the end (a request made before it started is in the job row).
    consumers.start(
        kafka.consumer(
            "job-cancels",
            "sculptor-search-worker-cancels-" + UUID.randomUUID(),
            "latest",
            List.of(Topics.JOBS),
            Duration.ofMillis(500)),
        CancelRequests.handler(
            jobId -> {
              if (runner.runs(jobId)) cancels.heard(jobId);
            }));
  }

  @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void sweep() {
    try {
      leases.endAbandonedCancellations().forEach(progress::announceStatus);
      leases.orphans().forEach(runner::tryStart);
    } catch (RuntimeException e) {
      LOG.warnf(
          "job sweep skipped: %s",
          e.getMessage()); // the database is away; the next sweep tries again
    }
  }
}
