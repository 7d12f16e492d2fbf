package io.vamp.model.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.model.Dsl;
import io.vamp.model.fixtures.Fixture;
import io.vamp.model.fixtures.Fixtures;
import io.vamp.model.json.StateJson;
import io.vamp.model.problem.Problem;
import io.vamp.model.read.ReadResult;
import io.vamp.model.read.RepositoryReader;
import io.vamp.model.read.SourceFile;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Read, write, read, write over the fixture corpus: the written text reads without a problem, writes
 * to the same text again, and (for a valid fixture) resolves to the same desired state as the
 * original files.
 */
class ArtifactWriterRoundTripTest {
  private static final String WRITTEN = "written.yaml";

  static List<Fixture> validFixtures() {
    return Fixtures.valid();
  }

  /** Fixtures whose files all read cleanly, whatever resolution then says about them. */
  static List<Fixture> readableFixtures() {
    return Fixtures.all().stream().filter(f -> new RepositoryReader().read(f.sourceFiles()).ok()).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validFixtures")
  void writtenArtifactsResolveToTheSameState(Fixture fixture) {
    Dsl.Evaluation original = Dsl.evaluate(fixture.sourceFiles(), fixture.context());
    assertThat(original.problems()).isEmpty();

    String written = ArtifactWriter.writeAll(original.artifacts());
    Dsl.Evaluation reread = Dsl.evaluate(List.of(new SourceFile(WRITTEN, written)), fixture.context());

    assertThat(reread.problems()).as("problems reading back:\n%s", written).isEmpty();
    assertThat(StateJson.write(reread.state().orElseThrow()))
        .isEqualTo(StateJson.write(original.state().orElseThrow()));
    assertThat(ArtifactWriter.writeAll(reread.artifacts())).isEqualTo(written);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readableFixtures")
  void writtenArtifactsReadBackAndWriteTheSameText(Fixture fixture) {
    ReadResult original = new RepositoryReader().read(fixture.sourceFiles());

    String written = ArtifactWriter.writeAll(original.artifacts());
    ReadResult reread = new RepositoryReader().read(List.of(new SourceFile(WRITTEN, written)));

    assertThat(reread.problems()).as("problems reading back:\n%s", written).isEmpty();
    assertThat(reread.artifacts()).hasSameSizeAs(original.artifacts());
    assertThat(ArtifactWriter.writeAll(reread.artifacts())).isEqualTo(written);
    for (int i = 0; i < original.artifacts().size(); i++) {
      assertThat(ArtifactWriter.write(reread.artifacts().get(i)))
          .isEqualTo(ArtifactWriter.write(original.artifacts().get(i)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readableFixtures")
  void writtenArtifactsResolveToTheSameProblemsApartFromWhereTheyAre(Fixture fixture) {
    Dsl.Evaluation original = Dsl.evaluate(fixture.sourceFiles(), fixture.context());
    String written = ArtifactWriter.writeAll(original.artifacts());
    Dsl.Evaluation reread = Dsl.evaluate(List.of(new SourceFile(WRITTEN, written)), fixture.context());

    assertThat(withoutPlaces(reread.problems()))
        .containsExactlyInAnyOrderElementsOf(withoutPlaces(original.problems()));
  }

  /** Messages that quote a file and position (a duplicate port's first owner) are cut at that quote. */
  private static List<String> withoutPlaces(List<Problem> problems) {
    return problems.stream().map(p -> p.path() + ": " + p.message().replaceAll(" \\([^()]*:\\d+:\\d+\\)$", ""))
        .toList();
  }
}
