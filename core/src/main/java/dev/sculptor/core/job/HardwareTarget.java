package dev.sculptor.core.job;

/**
 * A device class candidates are measured on. {@code threads} fixes the intra-op thread count used
 * for latency so numbers from different evaluators of one target are comparable.
 */
public record HardwareTarget(String id, String name, String description, int threads) {}
