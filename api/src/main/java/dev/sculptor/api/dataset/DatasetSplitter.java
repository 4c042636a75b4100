package dev.sculptor.api.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Train / validation / test indices of the examples: as the upload gave them, or a seeded
 * stratified split (each class shuffled with the seed, then its validation and test shares, at
 * least one each, taken off the front). Same examples and seed, same split.
 */
final class DatasetSplitter {
  record Split(int[] train, int[] validation, int[] test) {}

  private DatasetSplitter() {}

  static Split split(
      Examples examples, int classes, long seed, double validationShare, double testShare) {
    List<List<Integer>> out = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    if (examples.splitsGiven()) {
      for (int i = 0; i < examples.size(); i++) out.get(examples.split(i)).add(i);
    } else {
      List<List<Integer>> byClass = new ArrayList<>();
      for (int c = 0; c < classes; c++) byClass.add(new ArrayList<>());
      for (int i = 0; i < examples.size(); i++) byClass.get(examples.label(i)).add(i);
      SplittableRandom random = new SplittableRandom(seed);
      for (List<Integer> members : byClass) {
        for (int i = members.size() - 1; i > 0; i--)
          java.util.Collections.swap(members, i, random.nextInt(i + 1));
        int validation = Math.max(1, (int) Math.round(members.size() * validationShare));
        int test = Math.max(1, (int) Math.round(members.size() * testShare));
        out.get(1).addAll(members.subList(0, validation));
        out.get(2).addAll(members.subList(validation, validation + test));
        out.get(0).addAll(members.subList(validation + test, members.size()));
      }
    }
    return new Split(ints(out.get(0)), ints(out.get(1)), ints(out.get(2)));
  }

  private static int[] ints(List<Integer> list) {
    return list.stream().mapToInt(Integer::intValue).toArray();
  }
}
