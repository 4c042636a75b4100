package dev.sculptor.worker.strategy;

/**
 * What model-guided breeding did in one search once its model was on, so its exploration share can
 * be measured: offspring slots filled by the plain child (explored) or by the model's pick
 * (modelled); of the genomes then evaluated for the first time, how many came from each; and how
 * many of each are on the search's final non-dominated set (genomes, so two genomes that decode to
 * one candidate count twice).
 */
public record BreedingCounts(
    int exploredSlots,
    int modelledSlots,
    int exploredNew,
    int modelledNew,
    int exploredOnFront,
    int modelledOnFront) {}
