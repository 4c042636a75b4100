package dev.sculptor.core.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sculptor.core.latency.Kernel.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NcnnGraphTest {

  /**
   * ncnn's optimiser writes each blob's shape into the graph ({@code -23330=dims,w,h,c,...} per
   * output): the shapes read here must be those, layer by layer, for every graph the ARM model is
   * anchored to that carries them.
   */
  @Test
  void everyAnchorGraphGetsTheShapesNcnnAnnotatedIt() throws IOException {
    List<String> graphs =
        ArmCortexA72.ANCHORS.stream().map(PublishedLatency::graph).distinct().toList();
    int annotated = 0;
    for (String graph : graphs) {
      String text = text(graph);
      NcnnGraph.Walk walk = NcnnGraph.walk(text);
      List<String> wrong = new ArrayList<>();
      int hints = 0;
      for (String line : text.split("\\R")) {
        String[] t = line.strip().split("\\s+");
        if (t.length < 5 || !t[2].matches("\\d+")) continue;
        int ins = Integer.parseInt(t[2]);
        int outs = Integer.parseInt(t[3]);
        for (int k = 4 + ins + outs; k < t.length; k++) {
          if (!t[k].startsWith("-23330=")) continue;
          String[] v = t[k].substring("-23330=".length()).split(",");
          for (int o = 0; o < outs; o++) {
            int dims = Integer.parseInt(v[1 + 4 * o]);
            int w = Integer.parseInt(v[2 + 4 * o]);
            int h = Integer.parseInt(v[3 + 4 * o]);
            int c = Integer.parseInt(v[4 + 4 * o]);
            NcnnGraph.Shape ours = walk.shapes().get(t[4 + ins + o]);
            NcnnGraph.Shape ncnn =
                dims == 1 ? new NcnnGraph.Shape(w, 1, 1) : new NcnnGraph.Shape(c, h, w);
            hints++;
            if (!ncnn.equals(ours)) wrong.add(t[1] + ": " + ours + " vs ncnn's " + ncnn);
          }
        }
      }
      assertThat(wrong).as(graph).isEmpty();
      if (hints > 0) annotated++;
    }
    // all but BlazeFace's graph carry the annotations
    assertThat(annotated).isEqualTo(graphs.size() - 1);
  }

  @Test
  void theStandardNetworksHaveTheirPublishedMultiplyAccumulates() {
    assertThat(gemmMacs("mobilenet") / 1e6).isCloseTo(569, within(1.0));
    assertThat(gemmMacs("shufflenet_v2") / 1e6).isCloseTo(146, within(2.0));
    assertThat(gemmMacs("alexnet") / 1e6).isCloseTo(724, within(2.0));
    assertThat(gemmMacs("resnet18") / 1e9).isCloseTo(1.82, within(0.01));
    assertThat(gemmMacs("resnet50") / 1e9).isCloseTo(3.86, within(0.01));
    assertThat(gemmMacs("vgg16") / 1e9).isCloseTo(15.47, within(0.01));
  }

  @Test
  void blazeFaceIsItsStemAndSixteenBlocksWithTheCopiesThatWidenAndPadThem() {
    List<Kernel> kernels = NcnnGraph.read("blazeface");
    assertThat(count(kernels, Kind.DEPTHWISE)).isEqualTo(16);
    assertThat(count(kernels, Kind.POINTWISE)).isEqualTo(16);
    assertThat(count(kernels, Kind.CONV)).isEqualTo(1);
    assertThat(count(kernels, Kind.ADD)).isEqualTo(16);
    // 11 channel pads of a shortcut, 3 spatial pads before a stride-2 depthwise, 1 of the input
    assertThat(count(kernels, Kind.REORDER)).isEqualTo(15);
    assertThat(count(kernels, Kind.POOL)).isEqualTo(3);
    // ReLU runs as a layer of its own after the stem and each addition
    assertThat(count(kernels, Kind.ACTIVATION)).isEqualTo(17);
    assertThat(kernels.getLast()).isEqualTo(new Kernel(Kind.ACTIVATION, 96, 96, 1, 1, 8, 8, 8, 8));
  }

  @Test
  void aGroupedConvolutionIsOneConvolutionPerGroupAndADepthwiseOneIsOneKernel() {
    List<Kernel> kernels =
        NcnnGraph.parse(
            """
            7767517
            3 3
            Input in 0 1 data 0=8 1=8 2=4
            ConvolutionDepthWise grouped 1 1 data g 0=6 1=3 4=1 6=108 7=2
            ConvolutionDepthWise dw 1 1 g d 0=6 1=3 3=2 4=1 6=54 7=6
            """);
    assertThat(kernels)
        .containsExactly(
            new Kernel(Kind.CONV, 2, 3, 3, 1, 8, 8, 8, 8),
            new Kernel(Kind.CONV, 2, 3, 3, 1, 8, 8, 8, 8),
            new Kernel(Kind.DEPTHWISE, 6, 6, 3, 2, 8, 8, 4, 4));
  }

  @Test
  void aLayerItCannotModelOrAWeightCountThatDisagreesWithTheShapesIsRefusedByName() {
    assertThatThrownBy(() -> afterAFourChannelInput("DeformableConv2D odd 1 1 data x 0=4"))
        .hasMessageContaining("DeformableConv2D odd")
        .hasMessageContaining("not modelled");
    assertThatThrownBy(() -> afterAFourChannelInput("Convolution c 1 1 data x 0=8 1=3 6=100"))
        .hasMessageContaining("Convolution c")
        .hasMessageContaining("100 weights");
  }

  private static List<Kernel> afterAFourChannelInput(String layer) {
    return NcnnGraph.parse("7767517\n2 2\nInput in 0 1 data 0=8 1=8 2=4\n" + layer + "\n");
  }

  private static long gemmMacs(String graph) {
    return Kernel.multiplyAccumulates(NcnnGraph.read(graph));
  }

  private static long count(List<Kernel> kernels, Kind kind) {
    return kernels.stream().filter(k -> k.kind() == kind).count();
  }

  private static String text(String graph) throws IOException {
    try (InputStream in =
        NcnnGraph.class.getResourceAsStream("/latency/ncnn/" + graph + ".param")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
