package dev.sculptor.core.messaging;

/** How far a job has come; ETA is an estimate from the evaluation rate so far. */
public record JobProgress(
    int generation,
    int evaluated,
    int budget,
    Double bestFeasibleAccuracy,
    Double hypervolume,
    Long etaSeconds) {}
