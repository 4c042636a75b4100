package dev.sculptor.core.space;

/** A candidate = architecture + compression plan + training recipe. */
public record CandidateSpec(
    ArchitectureSpec architecture, CompressionPlan compression, TrainingRecipe training) {}
