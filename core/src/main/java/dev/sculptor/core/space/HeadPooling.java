package dev.sculptor.core.space;

/**
 * How the classifier head reads the last stage's feature map: averaged over its positions to one
 * value per channel, or flattened, every position a feature of its own. Global averaging makes the
 * head's size independent of the image; flattening keeps where a stroke is, which small networks on
 * small images need (docs/benchmarks.md, "Global average pooling or a flattened head").
 */
public enum HeadPooling {
  GLOBAL_AVERAGE,
  FLATTEN
}
