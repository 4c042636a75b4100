package dev.sculptor.core.space;

public enum Activation {
  RELU,
  GELU,
  SWISH
}
