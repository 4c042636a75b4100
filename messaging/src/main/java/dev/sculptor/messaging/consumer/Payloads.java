package dev.sculptor.messaging.consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import dev.sculptor.core.messaging.Json;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reading a record's JSON for a handler: what cannot be read becomes a {@link RejectedMessage} with
 * the reason.
 */
public final class Payloads {
  private Payloads() {}

  public static <T> T read(ConsumerRecord<String, String> record, Class<T> type) {
    if (record.value() == null || record.value().isBlank())
      throw new RejectedMessage("empty message");
    try {
      T value = Json.mapper().readValue(record.value(), type);
      if (value == null) throw new RejectedMessage("the message is JSON null");
      return value;
    } catch (InvalidTypeIdException e) {
      throw new RejectedMessage("unknown or missing message type: " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new RejectedMessage(
          "not a readable " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }

  /** Refuses a message without a required field. */
  public static <T> T require(T value, String field) {
    if (value == null) throw new RejectedMessage("required field '" + field + "' is missing");
    return value;
  }
}
