package dev.sculptor.core.messaging;

import dev.sculptor.core.job.JobSpec;
import java.time.Instant;
import java.util.UUID;

/** A job was stored and is ready to be claimed by a search worker. */
public record JobSubmitted(UUID jobId, UUID teamId, JobSpec spec, Instant submittedAt)
    implements JobMessage {}
