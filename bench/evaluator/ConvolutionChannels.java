import dev.sculptor.evaluator.network.ConvolutionCheck;
import java.util.Locale;
import java.util.Random;

/**
 * libtorch's conv2d against a plain loop ({@link ConvolutionCheck}, what the evaluator checks before
 * it serves) for every input channel count from 1 to 34, at batch 1 and 64: the counts computed
 * wrong under this process's oneDNN ISA. Run: bench/evaluator/run.sh
 * bench/evaluator/ConvolutionChannels.java; for another ISA change ONEDNN_MAX_CPU_ISA in
 * evaluator/native.env for the run (run.sh sets the environment from it).
 */
public class ConvolutionChannels {
  public static void main(String[] args) {
    System.out.println("ONEDNN_MAX_CPU_ISA=" + System.getenv("ONEDNN_MAX_CPU_ISA"));
    for (int batch : new int[] {1, 64}) {
      StringBuilder wrong = new StringBuilder();
      double at12 = 0;
      for (int in = 1; in <= 34; in++) {
        double error = ConvolutionCheck.largestForwardError(in, batch, new Random(in));
        if (in == 12) at12 = error;
        if (!(error <= ConvolutionCheck.TOLERANCE)) wrong.append(' ').append(in);
      }
      System.out.printf(Locale.ROOT, "batch %d: wrong for input channels:%s; largest error at 12 channels %.3g%n",
          batch, wrong.length() == 0 ? " none" : wrong, at12);
    }
  }
}
