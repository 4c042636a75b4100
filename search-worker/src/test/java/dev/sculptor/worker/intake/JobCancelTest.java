package dev.sculptor.worker.intake;

import static dev.sculptor.worker.TestDatabase.count;
import static dev.sculptor.worker.TestDatabase.insertJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sculptor.core.job.JobStatus;
import dev.sculptor.core.messaging.JobCancelRequested;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.local.LocalStackTestResource;
import dev.sculptor.messaging.KafkaClients;
import dev.sculptor.messaging.producer.Delivery;
import dev.sculptor.messaging.producer.Publisher;
import dev.sculptor.store.job.SearchJob;
import dev.sculptor.store.job.SearchJobRepository;
import dev.sculptor.worker.search.JobRunner;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * JobCancelRequested on the jobs topic (a real broker) stops the job where it runs at once. The job
 * row is left uncancelled on purpose: only the message can have stopped it, and without it the job
 * would wait for its evaluations until their timeout (no evaluator answers here).
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class JobCancelTest {
  @Inject JobRunner runner;
  @Inject JobCancels cancels;
  @Inject SearchJobRepository jobs;

  @Test
  void aCancelRequestOnTheJobsTopicStopsTheRunningJobAtOnceAndNothingMoreIsSent() throws Exception {
    UUID job = newJob();
    assertThat(runner.tryStart(job)).isTrue();
    // its first generation is out, waiting for evaluators that never answer
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> count("SELECT count(*) FROM candidate WHERE job_id = '" + job + "'") > 0);

    try (Publisher publisher =
        KafkaClients.of(LocalStackTestResource.kafka().bootstrapServers())
            .publisher(Delivery.QUICK)) {
      // the cancel listener reads from the end once its partitions are assigned: send until it has
      // heard
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                publisher.send(
                    Topics.JOBS,
                    job.toString(),
                    Json.write(new JobCancelRequested(job, Instant.now())));
                return cancels.requested(job) || !runner.runs(job);
              });
    }
    long sent = count("SELECT count(*) FROM candidate WHERE job_id = '" + job + "'");

    await().atMost(Duration.ofSeconds(15)).until(() -> read(job).status == JobStatus.CANCELLED);
    SearchJob row = read(job);
    assertThat(row.cancelRequested)
        .as("the row was never flagged: the message stopped it")
        .isFalse();
    assertThat(row.failureReason).isEqualTo("cancelled by its owner");
    await().atMost(Duration.ofSeconds(15)).until(() -> !runner.runs(job));
    assertThat(cancels.requested(job)).as("forgotten once the job stopped here").isFalse();
    assertThat(count("SELECT count(*) FROM candidate WHERE job_id = '" + job + "'"))
        .isEqualTo(sent);
  }

  private UUID newJob() throws Exception {
    return insertJob(
        "cancel",
        """
        {"name": "cancel", "dataset": "synthetic", "hardwareTarget": "host-cpu",
         "budget": {"maxCandidates": 40, "maxWallClockMinutes": 10, "populationSize": 8}, "seed": 1}\
        """,
        JobStatus.QUEUED,
        "now()");
  }

  private SearchJob read(UUID job) {
    return QuarkusTransaction.requiringNew().call(() -> jobs.findById(job));
  }
}
