package io.vamp.reconciler.logging;

import io.vamp.model.state.Gateway;
import io.vamp.model.state.WorkloadId;
import io.vamp.reconciler.plan.Action;
import java.util.stream.Collectors;
import org.slf4j.MDC;

/**
 * The MDC for one plan action: {@code deployment} (the deployments of its workloads) or {@code gateway}
 * (the gateways it publishes), replaced by the next action's and removed by {@link #leave}. Values are
 * names from the repository, cut at 200 characters.
 */
public final class LogContext {
  private static final int MAX = 200;

  private LogContext() {}

  /** Sets the MDC for an action (and drops the previous action's). */
  public static void enter(Action action) {
    leave();
    if (action instanceof Action.Deploy deploy) {
      put("deployment", deploy.workload().id().deployment());
    } else if (action instanceof Action.Undeploy undeploy) {
      put("deployment", undeploy.workload().deployment());
    } else if (action instanceof Action.WaitReady wait) {
      put("deployment", wait.workloads().stream().map(WorkloadId::deployment).distinct()
          .collect(Collectors.joining(",")));
    } else if (action instanceof Action.PublishGateways publish) {
      put("gateway", publish.gateways().stream().map(Gateway::name).collect(Collectors.joining(",")));
    }
  }

  /** Removes what {@link #enter} set. */
  public static void leave() {
    MDC.remove("deployment");
    MDC.remove("gateway");
  }

  private static void put(String key, String value) {
    MDC.put(key, value.length() > MAX ? value.substring(0, MAX) : value);
  }
}
