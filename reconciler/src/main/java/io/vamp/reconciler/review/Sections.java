package io.vamp.reconciler.review;

import java.util.List;

/** The sections {@code vamp plan} shows, in order. */
public final class Sections {
  private Sections() {}

  /** Artifacts, workloads, gateways. Add a section here to add it to every form. */
  public static List<Section> standard() {
    return List.of(new ArtifactsSection(), new WorkloadsSection(), new GatewaysSection());
  }
}
