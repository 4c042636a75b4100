package dev.sculptor.messaging.jobs;

import dev.sculptor.core.messaging.JobCancelRequested;
import dev.sculptor.core.messaging.JobMessage;
import dev.sculptor.messaging.consumer.Payloads;
import dev.sculptor.messaging.consumer.RecordHandler;
import dev.sculptor.messaging.consumer.RejectedMessage;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * How a service hears owners' cancel requests on the jobs topic (workers stop the search,
 * evaluators the evaluations): each reads the topic in a group of its own and passes every job id
 * asked to stop to {@code heard}. Other messages are none of its business, unreadable ones included
 * (the workers' job intake dead-letters those).
 */
public final class CancelRequests {
  private CancelRequests() {}

  public static RecordHandler handler(Consumer<UUID> heard) {
    return record -> {
      JobMessage message;
      try {
        message = Payloads.read(record, JobMessage.class);
      } catch (RejectedMessage unreadable) {
        return;
      }
      if (message instanceof JobCancelRequested cancel && cancel.jobId() != null)
        heard.accept(cancel.jobId());
    };
  }
}
