package dev.sculptor.evaluator.consumer;

import dev.sculptor.core.consumer.ConsumerHealth;
import dev.sculptor.core.consumer.ConsumerLoop;
import dev.sculptor.core.consumer.ConsumerSettings;
import dev.sculptor.core.consumer.InfrastructureFailure;
import dev.sculptor.core.consumer.KafkaDeadLetterSink;
import dev.sculptor.core.consumer.Payloads;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.evaluator.cancel.Cancellation;
import dev.sculptor.evaluator.evaluation.Evaluation;
import dev.sculptor.evaluator.evaluation.EvaluatorIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Consumes evaluation requests for this evaluator's target one at a time (timing never shares the
 * cores with another training) on the shared {@link ConsumerLoop}, publishes each result, and
 * commits the request's offset only after the result is acknowledged. A request without its ids
 * goes to the dead-letter topic (this process has no database). A result that cannot be published
 * is retried by the loop, answered from the result log rather than evaluated again. An evaluation
 * past its time limit is cancelled and waited for, so it never runs beside the next one.
 * Heartbeats announce the evaluator every 5 s.
 */
public final class EvaluationLoop implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(EvaluationLoop.class.getName());

  private final String bootstrap;
  private final EvaluatorIdentity identity;
  private final Evaluation evaluation;
  private final Duration timeLimit;
  private final ResultLog results;
  private final KafkaDeadLetterSink deadLetters;
  private final KafkaProducer<String, String> heartbeats;
  private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("heartbeat").unstarted(r));
  private KafkaProducer<String, String> producer;
  private volatile ConsumerLoop loop;
  private volatile Cancellation current;
  private volatile boolean closing;

  public EvaluationLoop(String bootstrap, EvaluatorIdentity identity, Evaluation evaluation, Path stateDir, Duration timeLimit)
      throws IOException {
    this.bootstrap = bootstrap;
    this.identity = identity;
    this.evaluation = evaluation;
    this.timeLimit = timeLimit;
    this.results = new ResultLog(stateDir.resolve("results"));
    this.deadLetters = new KafkaDeadLetterSink(bootstrap);
    this.heartbeats = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new StringSerializer());
  }

  /** Runs until {@link #close()}; returns then. */
  public void run() throws InterruptedException {
    heartbeat.scheduleAtFixedRate(this::beat, 0, 5, TimeUnit.SECONDS);
    ConsumerSettings settings = ConsumerSettings.of("evaluation-loop", bootstrap, "sculptor-evaluator-" + identity.hardwareTarget(), "earliest",
            List.of(Topics.evaluate(identity.hardwareTarget())), Duration.ofMillis(500))
        .withKafka(Map.of(
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
            // an evaluation, then the wait for a cancelled one to reach its next batch
            ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) timeLimit.plusMinutes(5).toMillis()));
    synchronized (this) {
      if (closing) return;
      loop = ConsumerLoop.start(settings, this::handle, deadLetters);
    }
    while (!loop.awaitStopped(Duration.ofSeconds(1))) {
      // until close()
    }
  }

  /** The consumer's state, for readiness. */
  public ConsumerHealth health() {
    ConsumerLoop l = loop;
    return l == null ? new ConsumerHealth("evaluation-loop", ConsumerHealth.State.STARTING, "not started", 0, Instant.now()) : l.health();
  }

  private void handle(ConsumerRecord<String, String> record) {
    EvaluationRequest request = Payloads.read(record, EvaluationRequest.class);
    // Without these a result cannot be addressed; everything else missing is the candidate's FAILED result.
    Payloads.require(request.jobId(), "jobId");
    Payloads.require(request.candidateId(), "candidateId");
    EvaluationResult result = results.find(request.candidateId(), request.attempt()).orElseGet(() -> evaluate(request));
    if (closing) throw new InfrastructureFailure("evaluator is shutting down; the request stays uncommitted", null);
    try {
      results.record(result);
    } catch (IOException | RuntimeException e) {
      // The log only spares a re-evaluation on redelivery; a full disk must not stop the answer.
      LOG.warning("could not keep the result of " + request.candidateId() + " in the result log: " + e);
    }
    publish(request, result);
    LOG.info(() -> "candidate " + request.candidateId() + " " + result.status()
        + (result.metrics() != null ? " accuracy " + result.metrics().accuracy() + " latency " + result.metrics().latency().medianMs() + " ms" : "")
        + (result.error() != null ? " (" + result.error().reason() + ")" : ""));
  }

  /** Runs the evaluation on its own thread; past the time limit cancels it and waits until it has really ended. */
  private EvaluationResult evaluate(EvaluationRequest request) {
    Cancellation cancellation = new Cancellation();
    current = cancellation;
    CompletableFuture<EvaluationResult> outcome = new CompletableFuture<>();
    Thread thread = Thread.ofPlatform().name("evaluation-" + request.candidateId()).daemon().start(() -> {
      try {
        outcome.complete(evaluation.evaluate(request, cancellation));
      } catch (Throwable t) {
        outcome.completeExceptionally(t);
      }
    });
    try {
      return outcome.get(timeLimit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      String reason = "exceeded the evaluation time limit of " + describe(timeLimit);
      cancellation.cancel(reason);
      awaitEnd(thread, request);
      return failure(request, reason, false);
    } catch (ExecutionException e) {
      return failure(request, "evaluation crashed: " + e.getCause(), true);
    } catch (InterruptedException e) {
      cancellation.cancel("evaluator was interrupted");
      awaitEnd(thread, request);
      Thread.currentThread().interrupt();
      throw new InfrastructureFailure("evaluator was interrupted", e);
    } finally {
      current = null;
    }
  }

  /** A cancelled evaluation stops at its next batch or timed run; the next one starts only after. */
  private static void awaitEnd(Thread thread, EvaluationRequest request) {
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        if (!thread.join(Duration.ofSeconds(30))) LOG.warning("waiting for the cancelled evaluation of " + request.candidateId() + " to stop");
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  private synchronized void publish(EvaluationRequest request, EvaluationResult result) {
    try {
      producer().send(new ProducerRecord<>(Topics.RESULTS, request.jobId().toString(), Json.write(result))).get(40, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Not committed: the loop tries again with backoff and answers from the result log.
      if (producer != null) producer.close(Duration.ZERO);
      producer = null;
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      throw new InfrastructureFailure("could not publish the result of " + request.candidateId(), e);
    }
  }

  private KafkaProducer<String, String> producer() {
    if (producer == null) {
      producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ProducerConfig.ACKS_CONFIG, "all",
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
          ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
          ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
          ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000),
          new StringSerializer(), new StringSerializer());
    }
    return producer;
  }

  private EvaluationResult failure(EvaluationRequest request, String reason, boolean retriable) {
    return new EvaluationResult(request.jobId(), request.candidateId(), request.attempt(), EvaluationResult.Status.FAILED, null, null,
        identity.info(), null, List.of(), new EvaluationResult.EvaluationError(reason, retriable), Instant.now());
  }

  private static String describe(Duration d) {
    return d.toSeconds() % 60 == 0 && d.toMinutes() > 0 ? d.toMinutes() + " min" : d.toMillis() / 1000.0 + " s";
  }

  private void beat() {
    try {
      heartbeats.send(new ProducerRecord<>(Topics.EVALUATORS, identity.id(), Json.write(identity.heartbeat(Instant.now()))));
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "heartbeat not sent", e);
    }
  }

  /**
   * Stops taking requests and cancels the evaluation in hand; its request stays uncommitted and is
   * evaluated again after a restart (or by another evaluator of the target).
   */
  @Override
  public void close() {
    synchronized (this) {
      closing = true;
    }
    Cancellation c = current;
    if (c != null) c.cancel("evaluator is shutting down");
    ConsumerLoop l = loop;
    if (l != null) {
      l.close();
      try {
        l.awaitStopped(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    heartbeat.shutdownNow();
    heartbeats.close(Duration.ofSeconds(2));
    deadLetters.close();
    synchronized (this) {
      if (producer != null) producer.close(Duration.ofSeconds(5));
      producer = null;
    }
  }
}
