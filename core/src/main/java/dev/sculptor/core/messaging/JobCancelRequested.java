package dev.sculptor.core.messaging;

import java.time.Instant;
import java.util.UUID;

/**
 * The owner asked to stop a job. Every worker hears it; the one running the job stops it at once
 * (sends nothing more, waits for nothing more). The job row's flag, set in the same transaction, is
 * the durable record for a worker that did not hear it.
 */
public record JobCancelRequested(UUID jobId, Instant requestedAt) implements JobMessage {}
