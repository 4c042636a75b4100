package dev.sculptor.evaluator.evaluation;

import dev.sculptor.core.messaging.EvaluationRequest;
import dev.sculptor.core.messaging.EvaluationResult;
import dev.sculptor.evaluator.cancel.Cancellation;

/** Evaluates one request; stops at its next safe point once {@code cancellation} is cancelled. */
@FunctionalInterface
public interface Evaluation {
  EvaluationResult evaluate(EvaluationRequest request, Cancellation cancellation);
}
