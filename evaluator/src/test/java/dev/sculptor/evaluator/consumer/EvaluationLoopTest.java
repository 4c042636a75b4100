package dev.sculptor.evaluator.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.core.messaging.Json;
import dev.sculptor.core.messaging.Topics;
import dev.sculptor.core.space.Precision;
import dev.sculptor.evaluator.Candidates;
import dev.sculptor.evaluator.artifact.FileArtifactStore;
import dev.sculptor.evaluator.evaluation.CandidateEvaluator;
import dev.sculptor.evaluator.evaluation.EvaluatorIdentity;
import dev.sculptor.local.LocalKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real KRaft broker: a request goes in, a result comes out; a redelivered request is not evaluated twice. */
class EvaluationLoopTest {
  @TempDir Path dir;

  @Test
  void answersRequestsAndRepeatsTheSameResultOnRedelivery() throws Exception {
    try (LocalKafka kafka = LocalKafka.startTemporary()) {
      kafka.ensureTopics(List.of("host-cpu"));
      var identity = new EvaluatorIdentity("loop-test", "localhost", "host-cpu", 2, "PyTorch");
      var evaluator = new CandidateEvaluator(identity, new FileArtifactStore(dir.resolve("artifacts")));
      EvaluationRequest request = Candidates.request(Candidates.smallCnn(Precision.INT8, List.of()), "synthetic", 1, 500, 9);
      List<EvaluationResult> results = new CopyOnWriteArrayList<>();
      List<String> heartbeats = new CopyOnWriteArrayList<>();

      try (EvaluationLoop loop = new EvaluationLoop(kafka.bootstrapServers(), identity, evaluator, dir.resolve("state"), Duration.ofMinutes(5));
          var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
              new StringSerializer(), new StringSerializer());
          var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
              ConsumerConfig.GROUP_ID_CONFIG, "test", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
              new StringDeserializer(), new StringDeserializer())) {
        Thread.ofPlatform().daemon().start(loop::run);
        consumer.subscribe(List.of(Topics.RESULTS, Topics.EVALUATORS));
        String topic = Topics.evaluate("host-cpu");
        producer.send(new ProducerRecord<>(topic, request.candidateId().toString(), "{not json")).get();
        producer.send(new ProducerRecord<>(topic, request.candidateId().toString(), Json.write(request))).get();
        await().atMost(Duration.ofMinutes(2)).until(() -> {
          consumer.poll(Duration.ofMillis(200)).forEach(r -> {
            if (r.topic().equals(Topics.RESULTS)) results.add(Json.read(r.value(), EvaluationResult.class));
            else heartbeats.add(r.value());
          });
          return results.size() == 1;
        });
        // The broker redelivers (e.g. a commit was lost): the same result goes out again, not a new evaluation.
        producer.send(new ProducerRecord<>(topic, request.candidateId().toString(), Json.write(request))).get();
        await().atMost(Duration.ofMinutes(1)).until(() -> {
          consumer.poll(Duration.ofMillis(200)).forEach(r -> {
            if (r.topic().equals(Topics.RESULTS)) results.add(Json.read(r.value(), EvaluationResult.class));
          });
          return results.size() == 2;
        });
      }

      EvaluationResult first = results.getFirst();
      assertThat(first.status()).as(String.valueOf(first.error())).isEqualTo(EvaluationResult.Status.SUCCEEDED);
      assertThat(first.candidateId()).isEqualTo(request.candidateId());
      assertThat(first.metrics().accuracy()).isGreaterThan(0.1);
      assertThat(results.get(1)).isEqualTo(first);
      assertThat(heartbeats).anyMatch(h -> h.contains("\"hardwareTarget\":\"host-cpu\""));
    }
  }
}
