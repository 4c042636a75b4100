package dev.sculptor.core.messaging;

import java.util.UUID;

/**
 * The teacher a request's distillation learns from: {@code candidateId} is the evaluated candidate
 * of the same job whose model teaches, {@code onnx} its stored ONNX model (where it is, its size
 * and digest, as that candidate's result reported it). The evaluator reads the file from its
 * artifact store; one it cannot read (another machine's disk, a changed digest) means training on
 * labels alone, and the result says so.
 */
public record Teacher(UUID candidateId, EvaluationResult.ArtifactRef onnx) {}
