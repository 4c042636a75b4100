package dev.sculptor.core.messaging;

import java.time.Instant;
import java.util.UUID;

/** The owner asked to stop a job; the worker stops within one generation. */
public record JobCancelRequested(UUID jobId, Instant requestedAt) implements JobMessage {}
