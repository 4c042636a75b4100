package dev.sculptor.api.events;

import jakarta.ws.rs.sse.OutboundSseEvent;
import org.jboss.resteasy.reactive.server.jaxrs.SseImpl;

/** The three kinds of lines a job stream carries: job events, resync notices and heartbeats. */
final class SseEvents {
  private SseEvents() {}

  /**
   * A JobEvent as JSON data, unnamed (the default "message" event), as clients have always read it.
   */
  static OutboundSseEvent data(String json) {
    return SseImpl.INSTANCE.newEventBuilder().data(String.class, json).build();
  }

  /** Events were dropped because the client read too slowly: it should read the job again. */
  static OutboundSseEvent resync(int dropped) {
    return SseImpl.INSTANCE
        .newEventBuilder()
        .name("resync")
        .data(String.class, "{\"type\":\"RESYNC\",\"dropped\":" + dropped + "}")
        .build();
  }

  static OutboundSseEvent heartbeat() {
    return SseImpl.INSTANCE.newEventBuilder().comment("heartbeat").build();
  }
}
