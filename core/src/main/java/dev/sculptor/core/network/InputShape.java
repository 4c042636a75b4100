package dev.sculptor.core.network;

/** Channels × height × width of one input image. */
public record InputShape(int channels, int height, int width) {
  public static final InputShape MNIST = new InputShape(1, 28, 28);
  public static final InputShape CIFAR = new InputShape(3, 32, 32);
}
