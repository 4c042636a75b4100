package dev.sculptor.core.messaging;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka (de)serializers for the message contracts, through the one {@link Json} mapping. */
public final class JsonSerde {
  private JsonSerde() {}

  public static <T> Serializer<T> serializer() {
    return (topic, value) -> value == null ? null : Json.write(value).getBytes(StandardCharsets.UTF_8);
  }

  public static <T> Deserializer<T> deserializer(Class<T> type) {
    return (topic, bytes) -> bytes == null ? null : Json.read(new String(bytes, StandardCharsets.UTF_8), type);
  }
}
