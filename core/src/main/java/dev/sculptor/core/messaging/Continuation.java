package dev.sculptor.core.messaging;

import java.util.UUID;

/**
 * A request's ask to continue training from a checkpoint instead of from fresh weights: {@code
 * candidateId} is the evaluation whose training checkpoint to load (the same job), {@code
 * epochsDone} the epochs the sender believes it holds. The request's {@code fidelity.epochs} is the
 * total to reach, so the evaluator trains only the difference.
 */
public record Continuation(UUID candidateId, int epochsDone) {}
