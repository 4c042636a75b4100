package dev.sculptor.core.messaging;

import java.time.Instant;
import java.util.UUID;

/**
 * The owner asked for the per-layer sensitivity analysis of an evaluated candidate of the job.
 * {@code analysisId} names this request (a failed analysis asked again gets a new one); it is the
 * id the evaluation request and its result carry. The candidate's sensitivity row, written in the
 * same transaction, is the durable record: a worker sends the analysis only while that row still
 * waits for this id.
 */
public record SensitivityRequested(
    UUID jobId, UUID candidateId, UUID analysisId, Instant requestedAt) implements JobMessage {}
