package io.vamp.model.yaml;

/**
 * Bounds against hostile input, so a bad commit gets a clear problem instead of exhausting memory.
 *
 * @param maxFileBytes largest file accepted
 * @param maxDocumentsPerFile most YAML documents in one file
 * @param maxNestingDepth deepest nesting of maps and lists
 * @param maxAliases most alias references to collections in one file
 * @param maxNodesPerFile most nodes in one file after aliases are expanded
 */
public record YamlLimits(
    int maxFileBytes, int maxDocumentsPerFile, int maxNestingDepth, int maxAliases, int maxNodesPerFile) {

  public static final YamlLimits DEFAULT = new YamlLimits(4 * 1024 * 1024, 1000, 50, 100, 500_000);

  public YamlLimits {
    if (maxFileBytes <= 0 || maxDocumentsPerFile <= 0 || maxNestingDepth <= 0 || maxAliases < 0
        || maxNodesPerFile <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
