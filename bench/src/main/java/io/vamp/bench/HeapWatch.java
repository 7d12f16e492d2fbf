package io.vamp.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * How much heap a piece of work needs, two ways: the most heap in use at any time (the pools' peaks,
 * garbage included: what the heap must be able to hold between collections), and the most heap still
 * in use right after a collection (the live set, from the JVM's GC notifications).
 */
final class HeapWatch implements AutoCloseable {
  private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP).toList();
  private final AtomicLong maxAfterGc = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final List<Runnable> unsubscribe = new ArrayList<>();

  HeapWatch() {
    NotificationListener listener = (notification, handback) -> {
      if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
        return;
      }
      GarbageCollectionNotificationInfo info =
          GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
      long used = 0;
      for (MemoryPoolMXBean pool : heapPools) {
        MemoryUsage after = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
        if (after != null) {
          used += after.getUsed();
        }
      }
      collections.incrementAndGet();
      maxAfterGc.accumulateAndGet(used, Math::max);
    };
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        unsubscribe.add(() -> {
          try {
            emitter.removeNotificationListener(listener);
          } catch (javax.management.ListenerNotFoundException e) {
            // already gone
          }
        });
      }
    }
    reset();
  }

  /** Starts a new measurement: forgets the peaks seen so far. */
  void reset() {
    heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    maxAfterGc.set(0);
    collections.set(0);
  }

  /** The sum of the heap pools' peaks since {@link #reset()} (an upper bound: pools peak at different times). */
  long peakUsedBytes() {
    return heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
  }

  /** The most heap in use right after any collection since {@link #reset()}; 0 if none ran. */
  long maxUsedAfterGcBytes() {
    return maxAfterGc.get();
  }

  long collections() {
    return collections.get();
  }

  /** Heap in use now, after asking for a full collection (what stays reachable). */
  static long usedAfterFullGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Override
  public void close() {
    unsubscribe.forEach(Runnable::run);
  }
}
