package dev.sculptor.store.service;

import io.smallrye.config.ConfigMapping;

/**
 * Where the broker is, for api and search-worker alike ({@code sculptor.kafka.*}; each service maps
 * its own other settings).
 */
@ConfigMapping(prefix = "sculptor.kafka")
public interface KafkaSettings {
  /** host:port of one or more brokers (env {@code SCULPTOR_KAFKA_BOOTSTRAP}). */
  String bootstrap();
}
