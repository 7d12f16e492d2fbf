/**
 * Prometheus metrics of the daemon and the gateway agent (Micrometer): what the reconcile loop did and
 * how long it took, Git polls, published route weights, the agent's reloads and the event outbox. Every
 * label has a bounded set of values: outcomes, statuses and action types are fixed words, gateways and
 * routes are only the ones currently published (at most {@link io.vamp.reconciler.metrics.DaemonMetrics#MAX_ROUTES}).
 */
package io.vamp.reconciler.metrics;
