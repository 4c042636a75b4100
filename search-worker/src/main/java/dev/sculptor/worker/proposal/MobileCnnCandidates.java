package dev.sculptor.worker.proposal;

import dev.sculptor.core.dataset.DatasetInfo;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.MobileCnnSpace;
import java.util.List;
import java.util.function.Supplier;

/**
 * The product's candidates: {@link MobileCnnSpace} genomes, decoded with the job's dataset's input
 * shape and classes as the evaluator will build them. The dataset is asked for only when a network
 * is first looked at, by the policy or by the free check of the job's limits (a search with neither
 * never needs it).
 */
public record MobileCnnCandidates(Supplier<DatasetInfo> dataset) implements CandidateSpace {
  @Override
  public CandidateSpec decode(int[] genes, List<Double> ratios) {
    return MobileCnnSpace.decode(genes, ratios);
  }

  @Override
  public NetworkSpec network(CandidateSpec candidate) {
    DatasetInfo info = dataset.get();
    return NetworkDecoder.decode(candidate, info.shape(), info.classes());
  }

  @Override
  public NetworkSpec exported(CandidateSpec candidate) {
    DatasetInfo info = dataset.get();
    return NetworkDecoder.decodePruned(candidate, info.shape(), info.classes());
  }
}
