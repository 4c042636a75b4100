package dev.sculptor.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sculptor.core.job.JobStatus;
import dev.sculptor.core.messaging.JobEvent;
import dev.sculptor.core.messaging.JobProgress;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** One client's buffer: bounded, oldest dropped with a resync notice, ended by the final status. */
class JobStreamTest {
  static final UUID JOB = UUID.randomUUID();

  final AtomicReference<JobStream> stream = new AtomicReference<>();
  final AssertSubscriber<OutboundSseEvent> client =
      Multi.createFrom()
          .<OutboundSseEvent>emitter(
              e -> stream.set(new JobStream("key", e, 3, ev -> SseEvents.data(ev.message()))))
          .subscribe()
          .withSubscriber(AssertSubscriber.create(0));

  @Test
  void aSlowClientLosesTheOldestEventsAndIsToldToResync() {
    for (int i = 1; i <= 5; i++)
      stream.get().offer(event("e" + i, JobStatus.RUNNING, JobEvent.Type.PROGRESS));

    client.request(10);

    assertThat(client.getItems())
        .extracting(OutboundSseEvent::getName)
        .containsExactly("resync", null, null, null);
    assertThat(client.getItems())
        .extracting(OutboundSseEvent::getData)
        .containsExactly("{\"type\":\"RESYNC\",\"dropped\":2}", "e3", "e4", "e5");
    client.assertNotTerminated();
  }

  @Test
  void theStreamEndsAfterTheFinalStatusOnceTheClientHasReadIt() {
    client.request(1);
    stream.get().offer(event("running", JobStatus.RUNNING, JobEvent.Type.STATUS));
    stream.get().offer(event("done", JobStatus.SUCCEEDED, JobEvent.Type.STATUS));
    stream.get().offer(event("late", JobStatus.SUCCEEDED, JobEvent.Type.FRONT));
    client.assertNotTerminated();

    client.request(5);

    assertThat(client.getItems())
        .extracting(OutboundSseEvent::getData)
        .containsExactly("running", "done");
    client.assertCompleted();
  }

  @Test
  void anIdleStreamGetsHeartbeatCommentsAndABusyOneDoesNot() {
    stream.get().offer(event("waiting", JobStatus.RUNNING, JobEvent.Type.PROGRESS));
    stream.get().heartbeat(); // buffer not empty: skipped
    client.request(5);
    stream.get().heartbeat();

    assertThat(client.getItems()).hasSize(2);
    assertThat(client.getItems().get(1).getComment()).isEqualTo("heartbeat");
  }

  static JobEvent event(String message, JobStatus status, JobEvent.Type type) {
    return new JobEvent(
        JOB, type, status, new JobProgress(1, 1, 4, null, null, null), message, Instant.now());
  }
}
