package dev.sculptor.store.service;

import dev.sculptor.messaging.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The service's one {@link KafkaClients}: every producer, admin client and consumer loop of api and
 * search-worker comes from it.
 */
@ApplicationScoped
public class KafkaBeans {
  @Produces
  @Singleton
  KafkaClients kafkaClients(KafkaSettings settings) {
    return KafkaClients.of(settings.bootstrap());
  }
}
