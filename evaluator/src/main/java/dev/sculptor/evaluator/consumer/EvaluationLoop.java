package dev.sculptor.evaluator.consumer;

import dev.sculptor.core.job.FinalTraining;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.EvaluatorHeartbeat;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.evaluator.cancel.Cancellation;
import dev.sculptor.evaluator.cancel.CancelledJobs;
import dev.sculptor.evaluator.evaluation.Evaluation;
import dev.sculptor.evaluator.evaluation.EvaluatorIdentity;
import dev.sculptor.messaging.KafkaClients;
import dev.sculptor.messaging.consumer.ConsumerHealth;
import dev.sculptor.messaging.consumer.ConsumerLoop;
import dev.sculptor.messaging.consumer.ConsumerSettings;
import dev.sculptor.messaging.consumer.InfrastructureFailure;
import dev.sculptor.messaging.consumer.KafkaDeadLetterSink;
import dev.sculptor.messaging.consumer.Payloads;
import dev.sculptor.messaging.producer.Delivery;
import dev.sculptor.messaging.producer.Publisher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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

/**
 * Consumes evaluation requests for this evaluator's target one at a time (timing never shares the
 * cores with another training) on the shared {@link ConsumerLoop}, publishes each result, and
 * commits the request's offset only after the result is acknowledged. A request without its ids
 * goes to the dead-letter topic (this process has no database). A result that cannot be published
 * is retried by the loop, answered from the result log rather than evaluated again. An evaluation
 * past its time limit is cancelled and waited for, so it never runs beside the next one. A job
 * whose owner cancelled it ({@link CancelledJobs}) gets no more of this evaluator's time: its
 * queued requests are answered "not evaluated" at once, and the evaluation in hand stops at its
 * next safe point (a sensitivity analysis, asked for a finished or cancelled job on purpose, is
 * still made). Heartbeats announce the evaluator every {@link EvaluatorHeartbeat#INTERVAL}. An
 * evaluation can be split between two evaluators ({@link EvaluationRequest#timedOn}): a time-only
 * evaluator sends a request on to the training target's topic, the evaluator that trains it sends
 * the trained model back, and the time-only one times it and answers the result.
 */
public final class EvaluationLoop implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(EvaluationLoop.class.getName());

  private final KafkaClients kafka;
  private final EvaluatorIdentity identity;
  private final Evaluation evaluation;
  private final Duration timeLimit;
  private final ResultLog results;
  private final KafkaDeadLetterSink deadLetters;
  private final Publisher heartbeats;
  private final ScheduledExecutorService heartbeat =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("heartbeat").unstarted(r));
  private final Publisher answers;
  private volatile ConsumerLoop loop;
  private volatile CancelledJobs cancelledJobs;
  private volatile InHand current;
  private volatile boolean closing;

  public EvaluationLoop(
      KafkaClients kafka,
      EvaluatorIdentity identity,
      Evaluation evaluation,
      Path stateDir,
      Duration timeLimit)
      throws IOException {
    this.kafka = kafka;
    this.identity = identity;
    this.evaluation = evaluation;
    this.timeLimit = timeLimit;
    this.results = new ResultLog(stateDir.resolve("results"));
    this.deadLetters = new KafkaDeadLetterSink(kafka.publisher(Delivery.PATIENT));
    this.heartbeats = kafka.publisher(Delivery.BEST_EFFORT);
    this.answers = kafka.publisher(Delivery.PATIENT);
  }

  /** Runs until {@link #close()}; returns then. */
  public void run() throws InterruptedException {
    heartbeat.scheduleAtFixedRate(
        this::beat, 0, EvaluatorHeartbeat.INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    ConsumerSettings settings =
        kafka
            .consumer(
                "evaluation-loop",
                "sculptor-evaluator-" + identity.hardwareTarget(),
                "earliest",
                List.of(Topics.evaluate(identity.hardwareTarget())),
                Duration.ofMillis(500))
            .withKafka(
                Map.of(
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                    1,
                    // the longest evaluation, then the wait for a cancelled one to reach its next
                    // batch
                    ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                    (int) pollInterval(timeLimit).toMillis()));
    synchronized (this) {
      if (closing) return;
      cancelledJobs = CancelledJobs.listen(kafka, deadLetters, this::jobCancelled);
      loop = ConsumerLoop.start(settings, this::handle, deadLetters);
    }
    while (!loop.awaitStopped(Duration.ofSeconds(1))) {
      // until close()
    }
  }

  /** The consumer's state, for readiness. */
  public ConsumerHealth health() {
    ConsumerLoop l = loop;
    return l == null
        ? new ConsumerHealth(
            "evaluation-loop", ConsumerHealth.State.STARTING, "not started", 0, Instant.now())
        : l.health();
  }

  private void handle(ConsumerRecord<String, String> record) {
    EvaluationRequest request = Payloads.read(record, EvaluationRequest.class);
    // Without these a result cannot be addressed; everything else missing is the candidate's FAILED
    // result.
    Payloads.require(request.jobId(), "jobId");
    Payloads.require(request.candidateId(), "candidateId");
    Optional<EvaluationResult> answered =
        results
            .find(request.candidateId(), request.attempt())
            .or(() -> results.earlierAnswer(request));
    if (answered.isEmpty() && identity.timesOnly() && !request.isTrained()) {
      sendOnForTraining(request);
      return;
    }
    EvaluationResult result = answered.orElseGet(() -> evaluate(request));
    if (closing)
      throw new InfrastructureFailure(
          "evaluator is shutting down; the request stays uncommitted", null);
    try {
      results.record(request, result);
    } catch (IOException | RuntimeException e) {
      // The log only spares a re-evaluation on redelivery; a full disk must not stop the answer.
      LOG.warning(
          "could not keep the result of " + request.candidateId() + " in the result log: " + e);
    }
    if (request.timedOn() != null && !request.isTrained() && result.metrics() != null) {
      // trained here for a time-only evaluator: the model goes to it, which answers the result
      send(
          Topics.evaluate(request.timedOn()),
          request.candidateId().toString(),
          request.withTrained(result),
          request);
      LOG.info(
          () ->
              "candidate "
                  + request.candidateId()
                  + " trained; its model goes to "
                  + request.timedOn()
                  + " for timing");
      return;
    }
    publish(request, result);
    LOG.info(
        () ->
            "candidate "
                + request.candidateId()
                + " "
                + result.status()
                + (result.metrics() != null
                    ? " accuracy "
                        + result.metrics().accuracy()
                        + " latency "
                        + result.metrics().latency().medianMs()
                        + " ms"
                    : "")
                + (result.error() != null ? " (" + result.error().reason() + ")" : ""));
  }

  /**
   * Runs the evaluation on its own thread; past the time limit cancels it and waits until it has
   * really ended.
   */
  private EvaluationResult evaluate(EvaluationRequest request) {
    Cancellation cancellation = new Cancellation();
    // In hand before the look at the cancelled jobs: a cancel heard in between stops it instead.
    current = new InHand(request, cancellation);
    if (isCancelledJob(request)) {
      current = null;
      return failure(request, NOT_EVALUATED, false);
    }
    CompletableFuture<EvaluationResult> outcome = new CompletableFuture<>();
    Thread thread =
        Thread.ofPlatform()
            .name("evaluation-" + request.candidateId())
            .daemon()
            .start(
                () -> {
                  try {
                    outcome.complete(evaluation.evaluate(request, cancellation));
                  } catch (Throwable t) {
                    outcome.completeExceptionally(t);
                  }
                });
    Duration limit = limitFor(request, timeLimit);
    try {
      return outcome.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      String reason =
          "exceeded the "
              + (request.isFinal() ? "final training's" : "evaluation")
              + " time limit of "
              + describe(limit);
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

  /**
   * How long {@code request} may run: the evaluator's time limit, {@link FinalTraining#TIME_FACTOR}
   * times that for a final training (full-fidelity epochs: a network the job's limits allow can
   * take far longer than any search evaluation, and cancelling it would fail the job's best model).
   */
  static Duration limitFor(EvaluationRequest request, Duration timeLimit) {
    return request.isFinal() ? timeLimit.multipliedBy(FinalTraining.TIME_FACTOR) : timeLimit;
  }

  /**
   * Kafka's bound between two polls: the longest evaluation and the wait for a cancelled one to
   * stop, so the broker never hands a request in evaluation to another evaluator.
   */
  static Duration pollInterval(Duration timeLimit) {
    return timeLimit.multipliedBy(FinalTraining.TIME_FACTOR).plusMinutes(5);
  }

  /**
   * A cancelled evaluation stops at its next batch or timed run; the next one starts only after.
   */
  private static void awaitEnd(Thread thread, EvaluationRequest request) {
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        if (!thread.join(Duration.ofSeconds(30)))
          LOG.warning(
              "waiting for the cancelled evaluation of " + request.candidateId() + " to stop");
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  /** The failure reason of a request whose job was cancelled before its turn. */
  static final String NOT_EVALUATED = "not evaluated: its job was cancelled";

  /** The failure reason of an evaluation stopped because its job was cancelled. */
  static final String STOPPED = "stopped: its job was cancelled";

  /**
   * A job's owner cancelled it: the evaluation in hand of that job stops at its next safe point.
   */
  private void jobCancelled(UUID jobId) {
    InHand inHand = current;
    if (inHand != null && isCancelledJob(inHand.request())) inHand.cancellation().cancel(STOPPED);
  }

  /** A sensitivity analysis is asked after the job's end on purpose, so it is never skipped. */
  private boolean isCancelledJob(EvaluationRequest request) {
    CancelledJobs cancelled = cancelledJobs;
    return cancelled != null && !request.isSensitivityOnly() && cancelled.contains(request.jobId());
  }

  /** The evaluation running now and the token that stops it. */
  private record InHand(EvaluationRequest request, Cancellation cancellation) {}

  private void publish(EvaluationRequest request, EvaluationResult result) {
    send(Topics.RESULTS, request.jobId().toString(), result, request);
  }

  /**
   * A time-only evaluator trains nothing: a request it has not answered goes on to the training
   * target's topic, to come back with its trained model ({@link EvaluationRequest#timedOn}). Its
   * offset is committed once the broker has it there; the worker's timeout covers the rest, as for
   * any request. A cancelled job's request is answered at once, and a request that already came
   * from a training topic is refused rather than sent round in a circle.
   */
  private void sendOnForTraining(EvaluationRequest request) {
    if (isCancelledJob(request)) {
      publish(request, failure(request, NOT_EVALUATED, false));
      return;
    }
    if (request.timedOn() != null) {
      publish(
          request,
          failure(
              request,
              "sent here for training by "
                  + request.timedOn()
                  + "'s evaluator, but this evaluator of "
                  + identity.hardwareTarget()
                  + " only times too: its SCULPTOR_TRAIN_ON must name a target whose evaluators"
                  + " train",
              false));
      return;
    }
    send(
        Topics.evaluate(identity.trainsOn()),
        request.candidateId().toString(),
        request.timedOn(identity.hardwareTarget()),
        request);
    LOG.info(
        () ->
            "candidate "
                + request.candidateId()
                + " sent to "
                + identity.trainsOn()
                + " for training; its model comes back here for timing");
  }

  private void send(String topic, String key, Object message, EvaluationRequest request) {
    try {
      answers.send(topic, key, Json.write(message));
    } catch (Exception e) {
      // Not committed: the loop tries again with backoff and answers from the result log.
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      throw new InfrastructureFailure(
          "could not publish the answer to " + request.candidateId() + " on " + topic, e);
    }
  }

  private EvaluationResult failure(EvaluationRequest request, String reason, boolean retriable) {
    return EvaluationResult.failed(request, identity.info(), null, reason, retriable);
  }

  private static String describe(Duration d) {
    return d.toSeconds() % 60 == 0 && d.toMinutes() > 0
        ? d.toMinutes() + " min"
        : d.toMillis() / 1000.0 + " s";
  }

  private void beat() {
    heartbeats.sendAndForget(
        Topics.EVALUATORS,
        identity.id(),
        Json.write(identity.heartbeat(Instant.now())),
        e -> LOG.log(Level.FINE, "heartbeat not sent", e));
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
    InHand inHand = current;
    if (inHand != null) inHand.cancellation().cancel("evaluator is shutting down");
    ConsumerLoop l = loop;
    if (l != null) {
      l.close();
      try {
        l.awaitStopped(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    CancelledJobs cancelled = cancelledJobs;
    if (cancelled != null) cancelled.close();
    heartbeat.shutdownNow();
    heartbeats.close();
    deadLetters.close();
    answers.close();
  }
}
