package io.vamp.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.model.json.StateJson;
import io.vamp.model.read.RepositoryReader;
import io.vamp.model.resolve.ResolveContext;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExampleRepositoryTest {
  @Test
  void exampleRepositoryResolves() {
    Path repo = Path.of(System.getProperty("vamp.root", "..")).resolve("example-repo");
    Dsl.Evaluation evaluation = Dsl.evaluate(RepositoryReader.sourceFiles(repo), ResolveContext.DEFAULT);
    evaluation.problems().forEach(System.out::println);
    assertThat(evaluation.problems()).isEmpty();
    System.out.println(StateJson.write(evaluation.state().orElseThrow()));
  }
}
