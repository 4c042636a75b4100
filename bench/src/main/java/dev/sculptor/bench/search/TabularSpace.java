package dev.sculptor.bench.search;

import dev.sculptor.core.network.InputShape;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.worker.proposal.CandidateSpace;

/** A space of a tabular benchmark: its tables were evaluated on mnist-10k's digits. */
sealed interface TabularSpace extends CandidateSpace permits ReducedSpace, CompressionSlice {
  @Override
  default NetworkSpec network(CandidateSpec candidate) {
    return NetworkDecoder.decode(candidate, InputShape.MNIST, 10);
  }

  @Override
  default NetworkSpec exported(CandidateSpec candidate) {
    return NetworkDecoder.decodePruned(candidate, InputShape.MNIST, 10);
  }
}
