package dev.sculptor.core.messaging;

import java.util.UUID;

/**
 * A request's ask for a per-layer sensitivity analysis only, of the training checkpoint that the
 * evaluation {@code candidateId} (the same job) kept: no training, no compression, no export. The
 * request's own {@code candidateId} is the analysis's id, the key of its result.
 */
public record SensitivityOnly(UUID candidateId) {}
