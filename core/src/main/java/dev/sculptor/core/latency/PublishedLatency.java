package dev.sculptor.core.latency;

import dev.sculptor.core.space.Precision;
import java.util.List;

/**
 * A latency someone else measured and published for a standard network on a device: what an
 * analytical model of that device is anchored to.
 */
public record PublishedLatency(
    String network, Precision precision, int threads, double ms, String runtime, String source) {

  /** The network's kernels, from {@link ReferenceNetworks}. */
  public List<Kernel> kernels() {
    return switch (network) {
      case "MobileNetV1" -> ReferenceNetworks.mobileNetV1();
      case "MobileNetV2" -> ReferenceNetworks.mobileNetV2();
      case "ResNet-18" -> ReferenceNetworks.resNet18();
      case "ResNet-50" -> ReferenceNetworks.resNet50();
      default ->
          throw new IllegalArgumentException(
              "no kernel list for " + network + "; add it to ReferenceNetworks");
    };
  }
}
