package dev.sculptor.evaluator.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sculptor.core.job.FinalTraining;
import dev.sculptor.core.messaging.Continuation;
import dev.sculptor.core.messaging.DeadLetter;
import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.JobCancelRequested;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.ModelFormat;
import dev.sculptor.core.messaging.SensitivityOnly;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.Candidates;
import dev.sculptor.evaluator.artifact.FileArtifactStore;
import dev.sculptor.evaluator.evaluation.CandidateEvaluator;
import dev.sculptor.evaluator.evaluation.Evaluation;
import dev.sculptor.evaluator.evaluation.EvaluatorIdentity;
import dev.sculptor.evaluator.evaluation.ModelTiming;
import dev.sculptor.local.LocalKafka;
import dev.sculptor.messaging.KafkaClients;
import dev.sculptor.messaging.producer.Delivery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real KRaft broker: a request goes in, a result comes out; a redelivered request is not
 * evaluated twice, nor is one the worker sent again while the first was queued; unusable requests
 * are dead-lettered on the dead-letter topic and the next one is evaluated; an evaluation past its
 * time limit is stopped before the next one starts; a cancelled job gets no more evaluation.
 */
class EvaluationLoopTest {
  static final EvaluatorIdentity IDENTITY =
      new EvaluatorIdentity("loop-test", "localhost", "host-cpu", 2, "PyTorch");

  /** A device that cannot train: its candidates train on host-cpu's evaluator. */
  static final EvaluatorIdentity PI =
      new EvaluatorIdentity("pi-test", "pi", "arm-cortex-a72", 4, "none").trainingOn("host-cpu");

  static LocalKafka kafka;

  @TempDir Path dir;
  final List<EvaluationResult> results = new CopyOnWriteArrayList<>();
  final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
  final List<String> heartbeats = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    kafka = LocalKafka.startTemporary();
    kafka.ensureTopics(List.of("host-cpu", "arm-cortex-a72"));
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  @Test
  void answersRequestsAndRepeatsTheSameResultOnRedelivery() throws Exception {
    var evaluator =
        new CandidateEvaluator(IDENTITY, new FileArtifactStore(dir.resolve("artifacts")));
    EvaluationRequest request =
        Candidates.request(Candidates.smallCnn(Precision.INT8, List.of()), "synthetic", 1, 500, 9);
    String topic = Topics.evaluate("host-cpu");

    try (var consumer = consumer();
        EvaluationLoop loop = started(evaluator, Duration.ofMinutes(5));
        var producer = producer()) {
      producer
          .send(new ProducerRecord<>(topic, request.candidateId().toString(), Json.write(request)))
          .get();
      await().atMost(Duration.ofMinutes(2)).until(() -> collect(consumer, 1, 0));
      // The broker redelivers (e.g. a commit was lost): the same result goes out again, not a new
      // evaluation.
      producer
          .send(new ProducerRecord<>(topic, request.candidateId().toString(), Json.write(request)))
          .get();
      await().atMost(Duration.ofMinutes(1)).until(() -> collect(consumer, 2, 0));
    }

    EvaluationResult first = results.getFirst();
    assertThat(first.status())
        .as(String.valueOf(first.error()))
        .isEqualTo(EvaluationResult.Status.SUCCEEDED);
    assertThat(first.candidateId()).isEqualTo(request.candidateId());
    assertThat(first.metrics().accuracy()).isGreaterThan(0.1);
    assertThat(results.get(1)).isEqualTo(first);
    assertThat(heartbeats).anyMatch(h -> h.contains("\"hardwareTarget\":\"host-cpu\""));
  }

  @Test
  void unusableOrIncompleteRequestsAreDeadLetteredAndTheNextRequestIsEvaluated() throws Exception {
    var evaluator =
        new CandidateEvaluator(IDENTITY, new FileArtifactStore(dir.resolve("artifacts")));
    EvaluationRequest good =
        Candidates.request(Candidates.smallCnn(Precision.FP32, List.of()), "synthetic", 1, 500, 3);
    EvaluationRequest noJob =
        new EvaluationRequest(
            null,
            UUID.randomUUID(),
            "host-cpu",
            good.candidate(),
            good.dataset(),
            good.fidelity(),
            good.protocol(),
            1,
            1);
    String noCandidateId =
        Json.write(good).replace("\"candidateId\":\"" + good.candidateId() + "\",", "");
    String topic = Topics.evaluate("host-cpu");

    try (var consumer = consumer();
        EvaluationLoop loop = started(evaluator, Duration.ofMinutes(5));
        var producer = producer()) {
      // one key, so all four land on one partition in this order
      producer.send(new ProducerRecord<>(topic, "same-key", "{not json")).get();
      producer.send(new ProducerRecord<>(topic, "same-key", Json.write(noJob))).get();
      producer.send(new ProducerRecord<>(topic, "same-key", noCandidateId)).get();
      producer.send(new ProducerRecord<>(topic, "same-key", Json.write(good))).get();
      await().atMost(Duration.ofMinutes(2)).until(() -> collect(consumer, 1, 3));
    }

    assertThat(results.getFirst().candidateId()).isEqualTo(good.candidateId());
    assertThat(results.getFirst().status()).isEqualTo(EvaluationResult.Status.SUCCEEDED);
    assertThat(deadLetters).extracting(DeadLetter::topic).containsOnly(topic);
    assertThat(deadLetters)
        .extracting(DeadLetter::consumer)
        .containsOnly("sculptor-evaluator-host-cpu");
    assertThat(deadLetters)
        .extracting(DeadLetter::reason)
        .satisfiesExactly(
            r -> assertThat(r).startsWith("not a readable EvaluationRequest"),
            r -> assertThat(r).isEqualTo("required field 'jobId' is missing"),
            r -> assertThat(r).isEqualTo("required field 'candidateId' is missing"));
    assertThat(deadLetters.get(1).payload()).isEqualTo(Json.write(noJob));
  }

  @Test
  void anEvaluationPastItsTimeLimitIsStoppedBeforeTheNextOneStartsAndStoresNoModel()
      throws Exception {
    var store = new FileArtifactStore(dir.resolve("artifacts"));
    var real = new CandidateEvaluator(IDENTITY, store);
    Map<UUID, Instant> started = new ConcurrentHashMap<>();
    Map<UUID, Instant> ended = new ConcurrentHashMap<>();
    Evaluation recorded =
        (request, cancellation) -> {
          started.put(request.candidateId(), Instant.now());
          try {
            return real.evaluate(request, cancellation);
          } finally {
            ended.put(request.candidateId(), Instant.now());
          }
        };
    // Hundreds of epochs on 2,000 images: minutes of training, far past the limit.
    EvaluationRequest endless =
        Candidates.request(
            Candidates.smallCnn(Precision.FP32, List.of()), "synthetic", 500, 2000, 1);
    EvaluationRequest small =
        Candidates.request(Candidates.smallCnn(Precision.FP32, List.of()), "synthetic", 1, 300, 2);
    String topic = Topics.evaluate("host-cpu");

    try (var consumer = consumer();
        EvaluationLoop loop = started(recorded, Duration.ofSeconds(15));
        var producer = producer()) {
      producer.send(new ProducerRecord<>(topic, "same-key", Json.write(endless))).get();
      producer.send(new ProducerRecord<>(topic, "same-key", Json.write(small))).get();
      await().atMost(Duration.ofMinutes(2)).until(() -> collect(consumer, 2, 0));
    }

    EvaluationResult timedOut =
        results.stream()
            .filter(r -> r.candidateId().equals(endless.candidateId()))
            .findFirst()
            .orElseThrow();
    EvaluationResult next =
        results.stream()
            .filter(r -> r.candidateId().equals(small.candidateId()))
            .findFirst()
            .orElseThrow();
    assertThat(timedOut.status()).isEqualTo(EvaluationResult.Status.FAILED);
    assertThat(timedOut.error().reason()).contains("time limit");
    assertThat(next.status())
        .as(String.valueOf(next.error()))
        .isEqualTo(EvaluationResult.Status.SUCCEEDED);
    // the cancelled training had ended (at its next batch) before the next evaluation began
    assertThat(ended.get(endless.candidateId()))
        .isBeforeOrEqualTo(started.get(small.candidateId()));
    assertThat(
            Files.exists(
                store
                    .path(
                        endless.jobId(), endless.candidateId(), endless.attempt(), ModelFormat.ONNX)
                    .getParent()))
        .isFalse();
    assertThat(Path.of(java.net.URI.create(next.artifact().uri())))
        .isEqualTo(
            store.path(small.jobId(), small.candidateId(), small.attempt(), ModelFormat.ONNX))
        .exists();
  }

  @Test
  void aFinalTrainingMayRunTimeFactorTimesTheLimitOfASearchEvaluation() throws Exception {
    // Each evaluation takes 3 s unless cancelled first; the limit is 2 s.
    Evaluation slow =
        (request, cancellation) -> {
          Instant end = Instant.now().plusSeconds(3);
          while (Instant.now().isBefore(end) && !cancellation.isCancelled())
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
          return EvaluationResult.failed(
              request, IDENTITY.info(), null, "stand-in result after 3 s", false);
        };
    EvaluationRequest search =
        Candidates.request(Candidates.smallCnn(Precision.FP32, List.of()), "synthetic", 1, 300, 1);
    EvaluationRequest finalTraining =
        Candidates.finalTrainingOf(search, UUID.randomUUID(), FinalTraining.defaults());
    String topic = Topics.evaluate("host-cpu");
    try (var consumer = consumer();
        EvaluationLoop loop = started(slow, Duration.ofSeconds(2));
        var producer = producer()) {
      producer.send(new ProducerRecord<>(topic, "key", Json.write(search))).get();
      producer.send(new ProducerRecord<>(topic, "key", Json.write(finalTraining))).get();
      await().atMost(Duration.ofMinutes(1)).until(() -> collect(consumer, 2, 0));
    }
    assertThat(reasonFor(search.candidateId()))
        .isEqualTo("exceeded the evaluation time limit of 2.0 s");
    assertThat(reasonFor(finalTraining.candidateId())).isEqualTo("stand-in result after 3 s");
    assertThat(EvaluationLoop.limitFor(finalTraining, Duration.ofMinutes(30)))
        .isEqualTo(Duration.ofMinutes(30L * FinalTraining.TIME_FACTOR));
    assertThat(EvaluationLoop.pollInterval(Duration.ofMinutes(30)))
        .as("the broker keeps the longest evaluation with its evaluator")
        .isGreaterThan(Duration.ofMinutes(30L * FinalTraining.TIME_FACTOR));
  }

  @Test
  void aCancelledJobsEvaluationInHandStopsAndItsQueuedRequestsAreNotEvaluated() throws Exception {
    var real = new CandidateEvaluator(IDENTITY, new FileArtifactStore(dir.resolve("artifacts")));
    List<UUID> started = new CopyOnWriteArrayList<>();
    Evaluation recorded =
        (request, cancellation) -> {
          started.add(request.candidateId());
          return request.isSensitivityOnly()
              ? EvaluationResult.failed(request, IDENTITY.info(), null, "stand-in analysis", false)
              : real.evaluate(request, cancellation);
        };
    // Hundreds of epochs: minutes of training unless stopped.
    EvaluationRequest inHand =
        Candidates.request(
            Candidates.smallCnn(Precision.FP32, List.of()), "synthetic", 500, 2000, 1);
    UUID cancelledJob = inHand.jobId();
    EvaluationRequest queued = sameJob(inHand, 2);
    EvaluationRequest analysis =
        sameJob(inHand, 3).withSensitivityOnly(new SensitivityOnly(inHand.candidateId()));
    EvaluationRequest otherJob =
        Candidates.request(Candidates.smallCnn(Precision.FP32, List.of()), "synthetic", 1, 300, 4);
    String topic = Topics.evaluate("host-cpu");
    try (var consumer = consumer();
        EvaluationLoop loop = started(recorded, Duration.ofMinutes(5));
        var producer = producer()) {
      for (EvaluationRequest r : List.of(inHand, queued, analysis, otherJob))
        producer.send(new ProducerRecord<>(topic, "same-key", Json.write(r))).get();
      await().atMost(Duration.ofMinutes(1)).until(() -> started.contains(inHand.candidateId()));
      Instant cancelledAt = Instant.now();
      producer
          .send(
              new ProducerRecord<>(
                  Topics.JOBS,
                  cancelledJob.toString(),
                  Json.write(new JobCancelRequested(cancelledJob, cancelledAt))))
          .get();
      await().atMost(Duration.ofMinutes(2)).until(() -> collect(consumer, 4, 0));
      assertThat(resultFor(inHand.candidateId()).finishedAt())
          .as("stopped at its next batch, not at the 5-minute limit")
          .isBefore(cancelledAt.plusSeconds(60));
    }
    assertThat(reasonFor(inHand.candidateId())).isEqualTo(EvaluationLoop.STOPPED);
    assertThat(reasonFor(queued.candidateId())).isEqualTo(EvaluationLoop.NOT_EVALUATED);
    assertThat(resultFor(queued.candidateId()).error().retriable()).isFalse();
    assertThat(reasonFor(analysis.candidateId()))
        .as("an analysis is asked of a finished or cancelled job on purpose")
        .isEqualTo("stand-in analysis");
    assertThat(resultFor(otherJob.candidateId()).status())
        .as(String.valueOf(resultFor(otherJob.candidateId()).error()))
        .isEqualTo(EvaluationResult.Status.SUCCEEDED);
    assertThat(started)
        .containsExactly(inHand.candidateId(), analysis.candidateId(), otherJob.candidateId());
  }

  @Test
  void aRequestSentAgainWhileTheFirstWasQueuedIsAnsweredWithTheFirstsFinalResult()
      throws Exception {
    // Stand-in evaluations: the loop's bookkeeping is under test, not training.
    List<EvaluationRequest> evaluated = new CopyOnWriteArrayList<>();
    EvaluationRequest done =
        Candidates.request(Candidates.smallCnn(Precision.FP32, List.of()), "synthetic", 1, 300, 1);
    EvaluationRequest crashed =
        Candidates.request(Candidates.smallCnn(Precision.FP32, List.of()), "synthetic", 1, 300, 2);
    Evaluation standIn =
        (request, cancellation) -> {
          evaluated.add(request);
          return EvaluationResult.failed(
              request,
              IDENTITY.info(),
              null,
              "stand-in " + request.attempt(),
              request.candidateId().equals(crashed.candidateId()));
        };
    // The worker's resend after an outage (attempt 2, same request), a resend of one whose first
    // attempt failed on the evaluator's side (retriable: evaluated again), and a continued second
    // stage (attempt 2 of the same candidate asking for more epochs: another evaluation).
    EvaluationRequest resent = attempt(done, 2, done.continues());
    EvaluationRequest crashedAgain = attempt(crashed, 2, crashed.continues());
    EvaluationRequest continued = attempt(done, 3, new Continuation(done.candidateId(), 1));
    String topic = Topics.evaluate("host-cpu");
    try (var consumer = consumer();
        EvaluationLoop loop = started(standIn, Duration.ofMinutes(5));
        var producer = producer()) {
      for (EvaluationRequest r : List.of(done, crashed, resent, crashedAgain, continued))
        producer.send(new ProducerRecord<>(topic, "same-key", Json.write(r))).get();
      await().atMost(Duration.ofMinutes(1)).until(() -> collect(consumer, 5, 0));
    }
    assertThat(evaluated)
        .extracting(r -> r.candidateId() + "/" + r.attempt())
        .containsExactly(
            done.candidateId() + "/1",
            crashed.candidateId() + "/1",
            crashed.candidateId() + "/2",
            done.candidateId() + "/3");
    assertThat(results)
        .filteredOn(r -> r.candidateId().equals(done.candidateId()))
        .extracting(r -> r.error().reason())
        .as("attempt 2 answered with attempt 1's result")
        .containsExactly("stand-in 1", "stand-in 1", "stand-in 3");
  }

  @Test
  void aTimeOnlyEvaluatorHasItsCandidateTrainedElsewhereAndAnswersWithTheLatencyItTimed()
      throws Exception {
    // both evaluators share one artifact store, as a Pi and the host share theirs
    var store = new FileArtifactStore(dir.resolve("artifacts"));
    EvaluationRequest request =
        Candidates.request(Candidates.smallCnn(Precision.INT8, List.of()), "synthetic", 1, 400, 5);

    try (var consumer = consumer();
        EvaluationLoop trainer =
            started(new CandidateEvaluator(IDENTITY, store), Duration.ofMinutes(5));
        EvaluationLoop timer = startedOnThePi(store);
        var producer = producer()) {
      send(producer, "arm-cortex-a72", request);
      await().atMost(Duration.ofMinutes(2)).until(() -> collect(consumer, 1, 0));
      // one answer only: the training evaluator sent its result to the Pi, not to the worker
      await()
          .during(Duration.ofSeconds(3))
          .until(() -> collect(consumer, 1, 0) && results.size() == 1);
    }

    EvaluationResult result = timedOnThePi(results.getFirst(), request);
    assertThat(result.evaluator().hardwareTarget()).isEqualTo("arm-cortex-a72");
    var latency = result.metrics().latency();
    assertThat(latency.medianMs()).isPositive();
    assertThat(latency.runtime().runtime()).isEqualTo("onnxruntime");
    assertThat(latency.source().method()).contains("3 warm-up + 10 timed runs");
    // accuracy, size and the model are the training's
    assertThat(result.metrics().accuracy()).isGreaterThan(0.1);
    assertThat(store.file(result.artifact())).isPresent();
    assertThat(result.timings().trainMs()).isPositive();
    assertThat(heartbeats).anyMatch(h -> h.contains("\"trainsOn\":\"host-cpu\""));
  }

  @Test
  void aModelTrainedWhileTheDeviceIsDownIsTimedWhenItIsBackAndNothingIsSentTwice()
      throws Exception {
    var store = new FileArtifactStore(dir.resolve("artifacts"));
    EvaluationRequest request =
        Candidates.request(Candidates.smallCnn(Precision.FP32, List.of()), "synthetic", 1, 300, 7);
    List<EvaluationRequest> forTraining = new CopyOnWriteArrayList<>();
    List<EvaluationRequest> trained = new CopyOnWriteArrayList<>();

    try (var consumer = consumer();
        var evaluateTopics =
            watching(List.of(Topics.evaluate("host-cpu"), Topics.evaluate("arm-cortex-a72")));
        var producer = producer()) {
      // the device alone: it sends the candidate on for training, then goes down
      try (EvaluationLoop timer = startedOnThePi(store)) {
        send(producer, "arm-cortex-a72", request);
        await()
            .atMost(Duration.ofMinutes(1))
            .until(() -> watch(evaluateTopics, forTraining, trained) && forTraining.size() == 1);
      }
      // a trainer comes up and trains it while the device is down: nobody answers yet
      try (EvaluationLoop trainer =
          started(new CandidateEvaluator(IDENTITY, store), Duration.ofMinutes(5))) {
        await()
            .atMost(Duration.ofMinutes(2))
            .until(() -> watch(evaluateTopics, forTraining, trained) && trained.size() == 1);
      }
      await()
          .during(Duration.ofSeconds(2))
          .until(() -> !collect(consumer, 1, 0) && results.isEmpty());
      // the device back, with its own state folder as before: the model waiting for it is timed
      try (EvaluationLoop timer = startedOnThePi(store)) {
        await().atMost(Duration.ofMinutes(1)).until(() -> collect(consumer, 1, 0));
        await()
            .during(Duration.ofSeconds(3))
            .until(
                () ->
                    !collect(consumer, 2, 0)
                        && watch(evaluateTopics, forTraining, trained)
                        && forTraining.size() == 1
                        && trained.size() == 1);
      }
    }

    assertThat(forTraining.getFirst().timedOn()).isEqualTo("arm-cortex-a72");
    assertThat(trained.getFirst().trained().evaluator().id()).isEqualTo(IDENTITY.id());
    EvaluationResult result = timedOnThePi(results.getFirst(), request);
    assertThat(result.artifact()).isEqualTo(trained.getFirst().trained().artifact());
  }

  /**
   * {@code result} answers {@code request} as the Pi's: its latency timed there, its accuracy
   * measured where it was trained, each labelled with its hardware.
   */
  private static EvaluationResult timedOnThePi(EvaluationResult result, EvaluationRequest request) {
    assertThat(result.status())
        .as(String.valueOf(result.error()))
        .isEqualTo(EvaluationResult.Status.SUCCEEDED);
    assertThat(result.candidateId()).isEqualTo(request.candidateId());
    assertThat(result.evaluator().id()).isEqualTo(PI.id());
    assertThat(result.metrics().latency().source().hardware()).isEqualTo(PI.hardware());
    assertThat(result.metrics().accuracySource().hardware()).isEqualTo(IDENTITY.hardware());
    return result;
  }

  @Test
  void aTimeOnlyEvaluatorRefusesARequestSentToItForTrainingRatherThanSendItRoundInACircle()
      throws Exception {
    var store = new FileArtifactStore(dir.resolve("artifacts"));
    // another device's time-only evaluator was told to send its candidates here
    EvaluationRequest request =
        Candidates.request(Candidates.smallCnn(Precision.FP32, List.of()), "synthetic", 1, 300, 6)
            .timedOn("nvidia-gpu");

    try (var consumer = consumer();
        EvaluationLoop timer = startedOnThePi(store);
        var producer = producer()) {
      send(producer, "arm-cortex-a72", request);
      await().atMost(Duration.ofMinutes(1)).until(() -> collect(consumer, 1, 0));
    }

    EvaluationResult refused = results.getFirst();
    assertThat(refused.status()).isEqualTo(EvaluationResult.Status.FAILED);
    assertThat(refused.error().retriable()).isFalse();
    assertThat(refused.error().reason())
        .isEqualTo(
            "sent here for training by nvidia-gpu's evaluator, but this evaluator of"
                + " arm-cortex-a72 only times too: its SCULPTOR_TRAIN_ON must name a target whose"
                + " evaluators train");
  }

  /** {@code request} on {@code target}'s evaluate topic, as the worker sends it. */
  private static void send(
      Producer<String, String> producer, String target, EvaluationRequest request)
      throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                Topics.evaluate(target), request.candidateId().toString(), Json.write(request)))
        .get();
  }

  /** Another request of {@code request}'s job, as the worker sends it. */
  private static EvaluationRequest sameJob(EvaluationRequest request, long seed) {
    EvaluationRequest other = Candidates.request(request.candidate(), "synthetic", 1, 300, seed);
    return new EvaluationRequest(
        request.jobId(),
        other.candidateId(),
        other.hardwareTarget(),
        other.candidate(),
        other.dataset(),
        other.fidelity(),
        other.protocol(),
        other.seed(),
        1);
  }

  /** {@code request} sent again under {@code attempt}, continuing from {@code continues}. */
  private static EvaluationRequest attempt(
      EvaluationRequest request, int attempt, Continuation continues) {
    return new EvaluationRequest(
        request.jobId(),
        request.candidateId(),
        request.hardwareTarget(),
        request.candidate(),
        request.dataset(),
        request.fidelity(),
        request.protocol(),
        request.seed(),
        attempt,
        request.finalTraining(),
        request.retrainsCandidateId(),
        continues,
        request.teacher(),
        request.sensitivityOnly(),
        request.timedOn(),
        request.trained());
  }

  private EvaluationResult resultFor(UUID candidateId) {
    return results.stream()
        .filter(r -> r.candidateId().equals(candidateId))
        .findFirst()
        .orElseThrow();
  }

  private String reasonFor(UUID candidateId) {
    return resultFor(candidateId).error().reason();
  }

  private boolean collect(
      KafkaConsumer<String, String> consumer, int resultCount, int deadLetterCount) {
    consumer
        .poll(Duration.ofMillis(200))
        .forEach(
            r -> {
              switch (r.topic()) {
                case Topics.RESULTS -> results.add(Json.read(r.value(), EvaluationResult.class));
                case Topics.DEAD_LETTERS -> deadLetters.add(Json.read(r.value(), DeadLetter.class));
                default -> heartbeats.add(r.value());
              }
            });
    return results.size() >= resultCount && deadLetters.size() >= deadLetterCount;
  }

  /**
   * Reads what is sent to the evaluate topics: requests sent on for training (host-cpu's topic,
   * marked {@code timedOn}) and trained models sent back to the device (its topic, {@code
   * trained}).
   */
  private static boolean watch(
      KafkaConsumer<String, String> consumer,
      List<EvaluationRequest> forTraining,
      List<EvaluationRequest> trained) {
    consumer
        .poll(Duration.ofMillis(200))
        .forEach(
            r -> {
              EvaluationRequest request = Json.read(r.value(), EvaluationRequest.class);
              if (request.isTrained()) trained.add(request);
              else if (request.timedOn() != null) forTraining.add(request);
            });
    return true;
  }

  /**
   * A loop on the test broker with this test's state folder, running on a thread of its own; made
   * after the test's consumer, which then sees its first heartbeat.
   */
  private EvaluationLoop started(Evaluation evaluation, Duration timeLimit) throws Exception {
    return started(IDENTITY, evaluation, dir.resolve("state"), timeLimit);
  }

  /** The time-only device's loop ({@link #PI}), timing models from {@code store}. */
  private EvaluationLoop startedOnThePi(FileArtifactStore store) throws Exception {
    return started(PI, new ModelTiming(PI, store), dir.resolve("pi-state"), Duration.ofMinutes(5));
  }

  /** As above, as another evaluator with its own result log. */
  private EvaluationLoop started(
      EvaluatorIdentity identity, Evaluation evaluation, Path state, Duration timeLimit)
      throws Exception {
    EvaluationLoop loop =
        new EvaluationLoop(
            KafkaClients.of(kafka.bootstrapServers()), identity, evaluation, state, timeLimit);
    Thread.ofPlatform().daemon().start(() -> run(loop));
    return loop;
  }

  private static void run(EvaluationLoop loop) {
    try {
      loop.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Producer<String, String> producer() {
    return KafkaClients.of(kafka.bootstrapServers()).producers().create(Delivery.QUICK);
  }

  /** This test's view of the results, dead letters and heartbeats. */
  private static KafkaConsumer<String, String> consumer() {
    return watching(List.of(Topics.RESULTS, Topics.EVALUATORS, Topics.DEAD_LETTERS));
  }

  /**
   * A fresh group each test, from the end of each topic, so earlier tests' messages are not seen.
   */
  private static KafkaConsumer<String, String> watching(List<String> topics) {
    var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "latest"),
            new StringDeserializer(),
            new StringDeserializer());
    consumer.subscribe(topics);
    // assigned (and positioned at the end) before anything is sent
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              consumer.poll(Duration.ofMillis(100));
              return consumer.assignment().stream().map(p -> p.topic()).distinct().count()
                  == topics.size();
            });
    consumer.assignment().forEach(consumer::position);
    return consumer;
  }
}
