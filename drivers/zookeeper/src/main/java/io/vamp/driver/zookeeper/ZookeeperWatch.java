package io.vamp.driver.zookeeper;

import io.vamp.driver.spi.kv.WatchDelivery;
import io.vamp.driver.spi.kv.Versioned;
import io.vamp.driver.spi.kv.Watch;
import io.vamp.driver.spi.kv.WatchListener;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.curator.framework.recipes.watch.PersistentWatcher;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch of one key (a persistent watch on its value node) or of a prefix (a persistent recursive watch
 * on its key node). Events carry no data, so each one re-reads the value node it names; each
 * (re-)registration of the watch, at the start and after every reconnect or new session, re-reads
 * everything watched and delivers what changed, deletions included. {@link WatchDelivery} drops repeats.
 */
final class ZookeeperWatch implements Watch {

  private static final Logger LOG = LoggerFactory.getLogger(ZookeeperWatch.class);

  private final ZookeeperKeyValueStore store;
  private final String keyOrPrefix;
  private final boolean prefix;
  private final WatchDelivery delivery;
  private final PersistentWatcher watcher;
  private final Consumer<ZookeeperWatch> onClose;
  private int failures;

  ZookeeperWatch(ZookeeperKeyValueStore store, String keyOrPrefix, boolean prefix, WatchListener listener,
                 Consumer<ZookeeperWatch> onClose) {
    this.store = store;
    this.keyOrPrefix = keyOrPrefix;
    this.prefix = prefix;
    this.onClose = onClose;
    this.delivery = new WatchDelivery("zookeeper", (prefix ? "prefix " : "key ") + keyOrPrefix, listener);
    String node = prefix ? NodePaths.keyNode(keyOrPrefix) : NodePaths.valueNode(keyOrPrefix);
    this.watcher = new PersistentWatcher(store.curator(), node, prefix);
  }

  void start() {
    watcher.getListenable().addListener(this::onEvent);
    // called once the watch is registered, and again after every reconnect: (re-)read everything
    watcher.getResetListenable().addListener(() -> delivery.execute(this::resync));
    watcher.start();
  }

  private void onEvent(WatchedEvent event) {
    if (event.getType() == Watcher.Event.EventType.None || event.getPath() == null) {
      return;
    }
    Optional<String> key = prefix ? NodePaths.keyOfValueNode(event.getPath()) : Optional.of(keyOrPrefix);
    if (key.isEmpty() || (!prefix && !event.getPath().endsWith("/" + NodePaths.VALUE))) {
      return;
    }
    String changed = key.get();
    delivery.execute(() -> refresh(changed));
  }

  private void refresh(String key) {
    try {
      Optional<Versioned> state = store.read(NodePaths.valueNode(key));
      if (prefix) {
        delivery.offer(key, state, 0);
      } else {
        delivery.announce(key, state, 0);
      }
      failures = 0;
    } catch (Exception e) {
      retryLater(e);
    }
  }

  private void resync() {
    try {
      // catch up with the leader first, in case a new session landed on a lagging server
      store.curator().sync().forPath("/");
      if (prefix) {
        SortedMap<String, Versioned> current = new TreeMap<>();
        String node = NodePaths.keyNode(keyOrPrefix);
        store.walk(node, keyOrPrefix.equals("/") ? null : keyOrPrefix, current);
        for (String gone : delivery.presentKeys()) {
          if (!current.containsKey(gone)) {
            delivery.offer(gone, Optional.empty(), 0);
          }
        }
        current.forEach((k, v) -> delivery.offer(k, Optional.of(v), 0));
      } else {
        delivery.announce(keyOrPrefix, store.read(NodePaths.valueNode(keyOrPrefix)), 0);
      }
      failures = 0;
    } catch (Exception e) {
      retryLater(e);
    }
  }

  /** A read failed (no connection): read everything again a little later, until it works. */
  private void retryLater(Exception e) {
    if (delivery.isClosed() || store.isClosed()) {
      return;
    }
    long delay = Math.min(5000, 200L << Math.min(failures++, 5));
    LOG.debug("zookeeper watch read failed watch={} retry_in_ms={} error={}", keyOrPrefix, delay, e.toString());
    delivery.schedule(this::resync, delay);
  }

  @Override
  public void close() {
    if (delivery.isClosed()) {
      return;
    }
    delivery.close();
    try {
      watcher.close();
    } catch (RuntimeException e) {
      LOG.debug("zookeeper watch close watch={} error={}", keyOrPrefix, e.toString());
    }
    onClose.accept(this);
  }
}
