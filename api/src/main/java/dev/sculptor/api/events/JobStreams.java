package dev.sculptor.api.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sculptor.api.ApiSettings;
import dev.sculptor.api.auth.BearerAuthFilter;
import dev.sculptor.api.problem.ProblemException;
import dev.sculptor.core.messaging.JobEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This replica's open job streams. Holds no database connection: a stream is fed from the events
 * topic ({@link KafkaFanout}), and each API key may hold a bounded number of streams at once.
 */
@ApplicationScoped
public class JobStreams {
  @Inject ObjectMapper json;
  @Inject BearerAuthFilter keys;

  @Inject ApiSettings settings;

  private final Map<UUID, Set<JobStream>> byJob = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> perKey = new ConcurrentHashMap<>();

  /**
   * A stream of the job's events that starts with {@code current}; refused with 429 when the key
   * already holds its maximum of open streams.
   */
  public Multi<OutboundSseEvent> open(String keyHash, JobEvent current) {
    AtomicInteger open = perKey.computeIfAbsent(keyHash, k -> new AtomicInteger());
    if (open.incrementAndGet() > settings.sse().maxStreamsPerKey()) {
      open.decrementAndGet();
      throw new ProblemException(
          429,
          "too-many-streams",
          "Too many open event streams for this API key (at most "
              + settings.sse().maxStreamsPerKey()
              + "); close one first",
          List.of());
    }
    return Multi.createFrom()
        .<OutboundSseEvent>emitter(
            emitter -> {
              JobStream stream =
                  new JobStream(keyHash, emitter, settings.sse().bufferEvents(), this::toSse);
              Set<JobStream> streams =
                  byJob.computeIfAbsent(current.jobId(), id -> ConcurrentHashMap.newKeySet());
              streams.add(stream);
              emitter.onTermination(
                  () -> {
                    streams.remove(stream);
                    byJob.computeIfPresent(current.jobId(), (id, s) -> s.isEmpty() ? null : s);
                    open.decrementAndGet();
                  });
              stream.offer(current);
            });
  }

  /** An event from the topic, to every stream of its job on this replica. */
  void deliver(JobEvent event) {
    Set<JobStream> streams = byJob.get(event.jobId());
    if (streams != null) streams.forEach(s -> s.offer(event));
  }

  int openStreams() {
    return byJob.values().stream().mapToInt(Set::size).sum();
  }

  /**
   * Every heartbeat interval: ends the streams of keys no longer accepted (revoked here: at the
   * next heartbeat; elsewhere: within the key cache's window), and sends idle streams a comment.
   */
  @Scheduled(
      every = "${sculptor.sse.heartbeat-seconds}s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void heartbeat() {
    Map<String, Boolean> accepted = new HashMap<>();
    byJob
        .values()
        .forEach(
            streams ->
                streams.forEach(
                    stream -> {
                      if (accepted.computeIfAbsent(stream.keyHash(), keys::accepts))
                        stream.heartbeat();
                      else stream.end();
                    }));
  }

  private OutboundSseEvent toSse(JobEvent event) {
    try {
      return SseEvents.data(json.writeValueAsString(event));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
