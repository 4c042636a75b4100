package dev.sculptor.api.events;

import dev.sculptor.core.messaging.JobEvent;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.util.ArrayDeque;
import java.util.function.Function;

/**
 * One SSE client's events. The client pulls at its own pace; what it has not taken yet waits in a
 * bounded buffer. When the buffer is full the oldest event is dropped and the client is told to
 * resync (read the job again over REST) instead of the server holding memory for a slow reader. The
 * stream completes after the job's terminal event.
 */
final class JobStream {
  private final String keyHash;
  private final MultiEmitter<? super OutboundSseEvent> emitter;
  private final Function<JobEvent, OutboundSseEvent> toSse;
  private final ArrayDeque<OutboundSseEvent> buffer = new ArrayDeque<>();
  private final int capacity;
  private int dropped;
  private boolean ending;
  private boolean done;

  JobStream(
      String keyHash,
      MultiEmitter<? super OutboundSseEvent> emitter,
      int capacity,
      Function<JobEvent, OutboundSseEvent> toSse) {
    this.keyHash = keyHash;
    this.emitter = emitter;
    this.capacity = capacity;
    this.toSse = toSse;
    emitter.onRequest(n -> drain());
  }

  /** Queues a job event; the terminal status ends the stream once the client has read it. */
  synchronized void offer(JobEvent event) {
    if (ending || done) return;
    add(toSse.apply(event));
    if (event.type() == JobEvent.Type.STATUS
        && event.status() != null
        && event.status().isTerminal()) ending = true;
    drain();
  }

  /**
   * A comment line that keeps proxies and clients from closing an idle stream; skipped when busy.
   */
  synchronized void heartbeat() {
    if (ending || done || !buffer.isEmpty()) return;
    add(SseEvents.heartbeat());
    drain();
  }

  /** The hash of the API key the stream was opened with. */
  String keyHash() {
    return keyHash;
  }

  /** Ends the stream now (its key is no longer accepted); a reconnecting client gets 401. */
  synchronized void end() {
    if (done) return;
    done = true;
    buffer.clear();
    emitter.complete();
  }

  synchronized int dropped() {
    return dropped;
  }

  private void add(OutboundSseEvent event) {
    if (buffer.size() >= capacity) {
      buffer.pollFirst();
      dropped++;
    }
    buffer.addLast(event);
  }

  private synchronized void drain() {
    if (done) return;
    if (dropped > 0 && emitter.requested() > 0) {
      emitter.emit(SseEvents.resync(dropped));
      dropped = 0;
    }
    while (emitter.requested() > 0 && !buffer.isEmpty()) emitter.emit(buffer.pollFirst());
    if (ending && buffer.isEmpty() && dropped == 0) {
      done = true;
      emitter.complete();
    }
  }
}
