package dev.sculptor.evaluator.compression;

/**
 * What an evaluation prepared for its training hooks beyond the plan itself.
 *
 * @param teacherLogits the teacher's logits for distillation; null: train on labels alone
 */
public record TechniqueContext(TeacherLogits teacherLogits) {
  public static final TechniqueContext NONE = new TechniqueContext(null);
}
