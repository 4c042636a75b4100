package dev.sculptor.messaging.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Handles one record. Throws {@link RejectedMessage} for an unusable message and {@link
 * InfrastructureFailure} (or whatever the database or broker threw) when it could not do its work
 * now; see {@link Failures}.
 */
@FunctionalInterface
public interface RecordHandler {
  void handle(ConsumerRecord<String, String> record) throws Exception;
}
