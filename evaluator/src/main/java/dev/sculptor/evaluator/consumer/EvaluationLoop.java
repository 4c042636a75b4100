package dev.sculptor.evaluator.consumer;

import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.EvaluatorHeartbeat;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.evaluator.evaluation.CandidateEvaluator;
import dev.sculptor.evaluator.evaluation.EvaluatorIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Consumes evaluation requests for this evaluator's target one at a time (timing never shares the
 * cores with another training), publishes each result, and commits the request's offset only after
 * the result is acknowledged. Heartbeats announce the evaluator every 5 s.
 */
public final class EvaluationLoop implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(EvaluationLoop.class.getName());

  private final EvaluatorIdentity identity;
  private final CandidateEvaluator evaluator;
  private final Duration timeLimit;
  private final ResultLog results;
  private final KafkaConsumer<String, String> consumer;
  private final KafkaProducer<String, String> producer;
  private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("heartbeat").unstarted(r));
  private ExecutorService worker = newWorker();
  private volatile boolean running = true;

  public EvaluationLoop(String bootstrap, EvaluatorIdentity identity, CandidateEvaluator evaluator, Path stateDir, Duration timeLimit)
      throws IOException {
    this.identity = identity;
    this.evaluator = evaluator;
    this.timeLimit = timeLimit;
    this.results = new ResultLog(stateDir.resolve("results"));
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "sculptor-evaluator-" + identity.hardwareTarget(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
        ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) timeLimit.plusMinutes(5).toMillis()),
        new StringDeserializer(), new StringDeserializer());
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
        new StringSerializer(), new StringSerializer());
  }

  /** Runs until {@link #close()}; returns then. */
  public void run() {
    heartbeat.scheduleAtFixedRate(this::beat, 0, 5, TimeUnit.SECONDS);
    consumer.subscribe(List.of(Topics.evaluate(identity.hardwareTarget())));
    try {
      while (running) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          handle(record);
          consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1)));
        }
      }
    } catch (WakeupException e) {
      if (running) throw e;
    } finally {
      consumer.close();
    }
  }

  private void handle(ConsumerRecord<String, String> record) {
    EvaluationRequest request;
    try {
      request = Json.read(record.value(), EvaluationRequest.class);
    } catch (RuntimeException e) {
      LOG.warning("skipping unreadable request at " + record.topic() + "/" + record.partition() + "@" + record.offset() + ": " + e.getMessage());
      return;
    }
    EvaluationResult result = results.find(request.candidateId(), request.attempt()).orElseGet(() -> evaluate(request));
    try {
      results.record(result);
      producer.send(new ProducerRecord<>(Topics.RESULTS, request.jobId().toString(), Json.write(result))).get();
      LOG.info(() -> "candidate " + request.candidateId() + " " + result.status()
          + (result.metrics() != null ? " accuracy " + result.metrics().accuracy() + " latency " + result.metrics().latency().medianMs() + " ms" : "")
          + (result.error() != null ? " (" + result.error().reason() + ")" : ""));
    } catch (Exception e) {
      // Not committed: the request comes back and the logged result is sent again.
      throw new IllegalStateException("could not publish the result of " + request.candidateId(), e);
    }
  }

  private EvaluationResult evaluate(EvaluationRequest request) {
    Future<EvaluationResult> future = worker.submit(() -> evaluator.evaluate(request));
    try {
      return future.get(timeLimit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      worker.shutdownNow();
      worker = newWorker(); // the stuck evaluation keeps its thread; the loop goes on
      return failure(request, "exceeded the evaluation time limit of " + timeLimit.toMinutes() + " min", false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failure(request, "evaluator was interrupted", true);
    } catch (Exception e) {
      return failure(request, "evaluation crashed: " + e.getCause(), true);
    }
  }

  private EvaluationResult failure(EvaluationRequest request, String reason, boolean retriable) {
    return new EvaluationResult(request.jobId(), request.candidateId(), request.attempt(), EvaluationResult.Status.FAILED, null, null,
        identity.info(), null, List.of(), new EvaluationResult.EvaluationError(reason, retriable), Instant.now());
  }

  private void beat() {
    try {
      producer.send(new ProducerRecord<>(Topics.EVALUATORS, identity.id(), Json.write(new EvaluatorHeartbeat(
          identity.id(), identity.hardwareTarget(), identity.host(), identity.cores(), identity.engine(), Instant.now()))));
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "heartbeat not sent", e);
    }
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("evaluation").daemon().unstarted(r));
  }

  @Override
  public void close() {
    running = false;
    heartbeat.shutdownNow();
    consumer.wakeup();
    worker.shutdownNow();
    producer.close(Duration.ofSeconds(5));
  }
}
