package io.vamp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.model.Dsl;
import io.vamp.model.read.SourceFile;
import io.vamp.model.resolve.ResolveContext;
import io.vamp.model.state.Gateway;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A small generated repository evaluates cleanly to the state its shape promises (no timing here). */
class RepositoryGeneratorTest {
  @Test
  void smallRepositoryEvaluatesToItsShape() {
    RepositoryGenerator.Shape shape = RepositoryGenerator.Shape.of(100, 20);
    assertThat(shape.services()).isEqualTo(100);
    assertThat(shape.gateways()).isEqualTo(20);

    List<SourceFile> files = RepositoryGenerator.generate(shape);
    Dsl.Evaluation evaluation = Dsl.evaluate(files, ResolveContext.DEFAULT);

    assertThat(evaluation.problems()).isEmpty();
    var state = evaluation.state().orElseThrow();
    assertThat(state.workloads()).hasSize(100);
    assertThat(state.gateways()).hasSize(20);
    assertThat(state.gateways()).extracting(Gateway::kind).containsOnly(Gateway.GatewayKind.INTERNAL,
        Gateway.GatewayKind.EXTERNAL, Gateway.GatewayKind.STANDALONE);
    DslBenchmark.check(evaluation, 100, 20);
  }

  @Test
  void fullSizeShapeIsTheIssuesFigure() {
    RepositoryGenerator.Shape shape = RepositoryGenerator.Shape.of(10_000, 2_000);
    assertThat(shape.services()).isEqualTo(10_000);
    assertThat(shape.gateways()).isEqualTo(2_000);
    assertThat(shape.standaloneGateways()).isEqualTo(500);
    assertThat(shape.externalGateways()).isEqualTo(500);
  }

  @Test
  void generationIsDeterministic() {
    RepositoryGenerator.Shape shape = RepositoryGenerator.Shape.of(100, 20);
    assertThat(RepositoryGenerator.generate(shape)).isEqualTo(RepositoryGenerator.generate(shape));
  }
}
