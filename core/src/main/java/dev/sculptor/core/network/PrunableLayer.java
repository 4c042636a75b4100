package dev.sculptor.core.network;

/**
 * What the RL pruning policy sees of one prunable layer: its position, kind, size and cost, in the
 * order a {@link dev.sculptor.core.space.CompressionPlan}'s ratios refer to.
 */
public record PrunableLayer(
    int index, String name, String kind, int channels, int kernel, int stride, long macs) {}
