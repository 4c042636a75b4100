package dev.sculptor.evaluator.evaluation;

import dev.sculptor.core.messaging.EvaluationResult.EvaluatorInfo;

/** This evaluator process as results and heartbeats name it. */
public record EvaluatorIdentity(String id, String host, String hardwareTarget, int cores, String engine) {

  public EvaluatorInfo info() {
    return new EvaluatorInfo(id, host, hardwareTarget, cores, engine);
  }
}
