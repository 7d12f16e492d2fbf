package io.vamp.driver.sql;

import io.vamp.driver.spi.ledger.ArtifactChange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The artifacts of a revision as the ledger stores them: {@code kind/name} to the SHA-256 of the content,
 * named by the SHA-256 of that sorted listing, so that two revisions with the same artifacts share one set.
 */
record ArtifactSet(SortedMap<String, String> listing, String digest) {
  static final ArtifactSet EMPTY = of(new TreeMap<>());

  ArtifactSet {
    listing = Collections.unmodifiableSortedMap(new TreeMap<>(listing));
  }

  static ArtifactSet of(SortedMap<String, String> listing) {
    MessageDigest sha256 = sha256();
    for (Map.Entry<String, String> entry : listing.entrySet()) {
      // length-prefixed, so no key can be confused with another key and digest
      byte[] key = entry.getKey().getBytes(StandardCharsets.UTF_8);
      sha256.update((key.length + ":").getBytes(StandardCharsets.US_ASCII));
      sha256.update(key);
      sha256.update(entry.getValue().getBytes(StandardCharsets.US_ASCII));
    }
    return new ArtifactSet(listing, HexFormat.of().formatHex(sha256.digest()));
  }

  /** What {@code after} added, changed and removed compared with {@code before}, by key. */
  static SortedMap<String, ArtifactChange> changes(ArtifactSet before, ArtifactSet after) {
    SortedMap<String, ArtifactChange> changes = new TreeMap<>();
    TreeSet<String> keys = new TreeSet<>(before.listing().keySet());
    keys.addAll(after.listing().keySet());
    for (String key : keys) {
      String was = before.listing().get(key);
      String is = after.listing().get(key);
      if (was == null) {
        changes.put(key, ArtifactChange.ADDED);
      } else if (is == null) {
        changes.put(key, ArtifactChange.REMOVED);
      } else if (!was.equals(is)) {
        changes.put(key, ArtifactChange.CHANGED);
      }
    }
    return changes;
  }

  static String sha256(String content) {
    return HexFormat.of().formatHex(sha256().digest(content.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /**
   * The last few sets written or read. A set never changes once stored and is named by what it holds,
   * so whatever is here is right for its digest, whichever process wrote it.
   */
  static final class Cache {
    private final Map<String, ArtifactSet> sets;

    Cache(int capacity) {
      this.sets = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArtifactSet> eldest) {
          return size() > capacity;
        }
      };
    }

    synchronized Optional<ArtifactSet> get(String digest) {
      return Optional.ofNullable(sets.get(digest));
    }

    synchronized void remember(ArtifactSet set) {
      sets.put(set.digest(), set);
    }
  }
}
