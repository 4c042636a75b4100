package dev.sculptor.worker.proposal;

import dev.sculptor.core.dataset.DatasetInfo;
import dev.sculptor.core.network.NetworkDecoder;
import dev.sculptor.core.network.NetworkSpec;
import dev.sculptor.core.space.CandidateSpec;
import dev.sculptor.core.space.CompressionTechnique;
import dev.sculptor.core.space.MobileCnnSpace;
import java.util.List;
import java.util.function.Supplier;

/**
 * The product's candidates: {@link MobileCnnSpace} genomes, decoded with the job's dataset's input
 * shape and classes as the evaluator will build them. The dataset is asked for only when a network
 * is first looked at, by the policy or by the free check of the job's limits (a search with neither
 * never needs it). The job's compression techniques decide which of the later compression genes
 * count.
 */
public record MobileCnnCandidates(
    Supplier<DatasetInfo> dataset, List<CompressionTechnique> techniques)
    implements CandidateSpace {
  public MobileCnnCandidates {
    techniques = techniques == null ? List.of() : List.copyOf(techniques);
  }

  /** Pruning and one precision only. */
  public MobileCnnCandidates(Supplier<DatasetInfo> dataset) {
    this(dataset, List.of());
  }

  /** The genes of techniques the job leaves out are read as "off". */
  @Override
  public CandidateSpec decode(int[] genes, List<Double> ratios) {
    return MobileCnnSpace.decode(MobileCnnSpace.restrict(genes, techniques), ratios);
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
