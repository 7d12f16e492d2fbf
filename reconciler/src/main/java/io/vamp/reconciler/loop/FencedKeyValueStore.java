package io.vamp.reconciler.loop;

import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.LeaderElection;
import io.vamp.driver.spi.kv.Versioned;
import io.vamp.driver.spi.kv.Watch;
import io.vamp.driver.spi.kv.WatchListener;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;

/**
 * The key-value store as the leader writes to it: every {@link #put} is a
 * {@link KeyValueStore#putIfFenced fenced write} with the fence this daemon raised, so the store itself
 * refuses the write of a deposed leader that has not noticed yet (a GC pause or a partition longer than
 * its session), however recently it checked the fence. A refused write ends the revision as superseded
 * (the ledger and the events say why) and tells the {@link Fence}, which stops leading with that token.
 * Reads pass through. Writes the daemon never makes as leader (delete, compare-and-set, ephemeral keys,
 * elections) are refused here rather than made unfenced. Closing it leaves the store open: it belongs to
 * whoever made it.
 */
public final class FencedKeyValueStore implements KeyValueStore {

  /** The leader's side of fencing: which key is the fence and which value this daemon raised it to. */
  public interface Fence {
    /** The fence key. */
    String key();

    /** The value this daemon raised the fence to (its fencing token), or empty when it does not lead now. */
    OptionalLong token();

    /** A fenced write with {@code token} was refused: another leader raised the fence. */
    void refused(long token, String key);
  }

  private final KeyValueStore store;
  private final Fence fence;

  public FencedKeyValueStore(KeyValueStore store, Fence fence) {
    this.store = Objects.requireNonNull(store, "store");
    this.fence = Objects.requireNonNull(fence, "fence");
  }

  @Override
  public Optional<Versioned> get(String key) {
    return store.get(key);
  }

  @Override
  public SortedMap<String, Versioned> list(String prefix) {
    return store.list(prefix);
  }

  @Override
  public Watch watch(String keyOrPrefix, boolean prefix, WatchListener listener) {
    return store.watch(keyOrPrefix, prefix, listener);
  }

  /** Writes only while the fence holds this daemon's token; otherwise the revision is superseded. */
  @Override
  public long put(String key, String value) {
    OptionalLong token = fence.token();
    if (token.isEmpty()) {
      throw new Applier.SupersededException("leadership lost before writing " + key);
    }
    OptionalLong written = store.putIfFenced(key, value, fence.key(), Long.toString(token.getAsLong()));
    if (written.isEmpty()) {
      fence.refused(token.getAsLong(), key);
      throw new Applier.SupersededException("leadership lost: the fence moved past token " + token.getAsLong()
          + ", " + key + " not written");
    }
    return written.getAsLong();
  }

  @Override
  public OptionalLong putIfFenced(String key, String value, String fenceKey, String fenceValue) {
    return store.putIfFenced(key, value, fenceKey, fenceValue);
  }

  @Override
  public boolean delete(String key) {
    throw unfenced("delete");
  }

  @Override
  public boolean compareAndSet(String key, long expectedVersion, String value) {
    throw unfenced("compare-and-set");
  }

  @Override
  public void putEphemeral(String key, String value, Duration ttl) {
    throw unfenced("an ephemeral put");
  }

  @Override
  public LeaderElection elect(String name, String candidateId) {
    throw unfenced("an election");
  }

  private static UnsupportedOperationException unfenced(String what) {
    return new UnsupportedOperationException(what + " cannot be fenced: the leader writes through put only");
  }

  /** The store stays open: the daemon closes it with its other drivers. */
  @Override
  public void close() {
    // not ours to close
  }
}
