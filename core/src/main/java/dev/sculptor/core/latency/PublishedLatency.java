package dev.sculptor.core.latency;

import dev.sculptor.core.space.Precision;
import java.util.List;

/**
 * A latency someone else measured and published for a standard network on a device: what an
 * analytical model of that device is anchored to. {@code graph} names the network's graph as the
 * publisher's runtime ran it ({@link NcnnGraph}); an int8 figure names the fp32 graph, since the
 * model predicts int8 from fp32.
 */
public record PublishedLatency(
    String network,
    String graph,
    Precision precision,
    int threads,
    double ms,
    String runtime,
    String source) {

  /** The network's kernels, read from its graph. */
  public List<Kernel> kernels() {
    return NcnnGraph.read(graph);
  }
}
