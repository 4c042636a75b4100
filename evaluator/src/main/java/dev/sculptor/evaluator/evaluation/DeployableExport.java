package dev.sculptor.evaluator.evaluation;

import dev.sculptor.evaluator.export.OnnxEvaluation;

/**
 * Turns a configured ONNX export into its file and measurements; a seam so tests can make it fail.
 */
@FunctionalInterface
interface DeployableExport {
  DeployableExport ONNX = builder -> builder.build().run();

  OnnxEvaluation.Result run(OnnxEvaluation.Builder builder);
}
