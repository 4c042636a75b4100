package dev.sculptor.worker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.util.Optional;

/**
 * The search-worker's own {@code sculptor.*} settings, read in one place (application.properties
 * has each one with its environment variable and explains it). The broker's address is {@code
 * sculptor.kafka.bootstrap} (store's {@code KafkaSettings}).
 */
@ConfigMapping(prefix = "sculptor")
public interface WorkerSettings {
  /** This worker's name in leases and logs; host and pid when empty. */
  Optional<String> workerId();

  /** A lease lapses this long after its last renewal; another worker then takes the job over. */
  int leaseSeconds();

  /** Jobs this worker runs at once. */
  int maxConcurrentJobs();

  /** An evaluation without a result after this long is sent again. */
  long evaluationTimeoutSeconds();

  /** The topics this worker creates at start. */
  @WithName("kafka")
  Topics topics();

  interface Topics {
    /** Partitions of each evaluate topic: the most evaluators of one target that work at once. */
    int evaluatePartitions();

    /** Replicas of each topic. */
    short replicationFactor();
  }
}
