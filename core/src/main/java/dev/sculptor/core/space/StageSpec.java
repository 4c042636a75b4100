package dev.sculptor.core.space;

/**
 * One stage: {@code depth} blocks of one type; the first block has stride 2, residuals wherever
 * input and output shapes match. {@code expansion} matters only for inverted-residual blocks.
 */
public record StageSpec(BlockType block, int kernel, int width, int depth, int expansion) {}
