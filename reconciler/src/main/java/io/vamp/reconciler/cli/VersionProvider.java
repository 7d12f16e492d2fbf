package io.vamp.reconciler.cli;

import picocli.CommandLine;

/** The version from the jar's manifest (or "development" when run from classes). */
public final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"vamp " + (version == null ? "development" : version)};
  }
}
