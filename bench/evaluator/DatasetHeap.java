import dev.sculptor.core.dataset.DatasetFile;
import dev.sculptor.core.messaging.DatasetRef;
import dev.sculptor.core.network.InputShape;
import dev.sculptor.evaluator.data.DatasetSplits;
import dev.sculptor.evaluator.data.Datasets;
import dev.sculptor.evaluator.data.LabeledImages;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Heap an uploaded dataset costs the evaluator: writes a dataset file of EXAMPLES random 3×32×32
 * images (as the api stores an upload), loads it as an evaluation would, reads every training
 * batch once, and prints the heap in use (after a GC) before and after, beside the file's size.
 * Run: bench/evaluator/run.sh bench/evaluator/DatasetHeap.java [EXAMPLES]
 */
public class DatasetHeap {
  public static void main(String[] args) throws Exception {
    int examples = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    InputShape shape = new InputShape(3, 32, 32);
    int train = examples * 8 / 10, validation = examples / 10, test = examples - train - validation;
    Path file = Files.createTempFile("dataset-heap", ".sds");
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Random random = new Random(1);
    try (var out = new DataOutputStream(new BufferedOutputStream(new DigestOutputStream(Files.newOutputStream(file), sha), 1 << 16))) {
      DatasetFile.writeHeader(out, new DatasetFile.Header(shape, 10, train, validation, test));
      for (int i = 0; i < examples; i++) out.writeByte(i % 10);
      byte[] image = new byte[3 * 32 * 32];
      for (int i = 0; i < examples; i++) {
        random.nextBytes(image);
        out.write(image);
      }
    }
    String digest = HexFormat.of().formatHex(sha.digest());
    long before = usedAfterGc();
    long start = System.nanoTime();
    DatasetSplits splits = Datasets.load(DatasetRef.uploaded("ds-heap", file.toUri().toString(), digest, shape,
        List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")));
    long loadMs = (System.nanoTime() - start) / 1_000_000;
    LabeledImages images = splits.train();
    start = System.nanoTime();
    double sum = 0;
    for (int b = 0; b < images.size(); b += 64) {
      float[] x = images.images(b, Math.min(64, images.size() - b));
      sum += x[0];
    }
    long epochMs = (System.nanoTime() - start) / 1_000_000;
    // one image at a time, as training with random shifts reads them
    start = System.nanoTime();
    float[] one = new float[images.imageSize()];
    for (int i = 0; i < images.size(); i++) {
      images.image(i, one, 0);
      sum += one[0];
    }
    long perImageMs = (System.nanoTime() - start) / 1_000_000;
    long after = usedAfterGc();
    java.lang.ref.Reference.reachabilityFence(splits); // still held while "after" is measured
    System.out.printf(Locale.ROOT,
        "%d examples, file %.1f MiB (as floats it would be %.1f MiB); heap in use %.1f MiB before, %.1f MiB after loading and reading every training batch (+%.1f MiB); load and sha256 check %d ms, one pass over the training batches %d ms, one image at a time %d ms (%s)%n",
        examples, Files.size(file) / 1048576.0, examples * 3072 * 4 / 1048576.0, before / 1048576.0, after / 1048576.0,
        (after - before) / 1048576.0, loadMs, epochMs, perImageMs, sum > -1 ? "read" : "");
    Files.delete(file);
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }
}
