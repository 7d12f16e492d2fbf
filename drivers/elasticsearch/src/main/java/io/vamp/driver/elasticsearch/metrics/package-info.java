/**
 * Per-gateway and per-route figures (rate, mean/p95/p99 response time, 5xx ratio) over a window, from
 * the request-log indices by Elasticsearch aggregations: {@link io.vamp.driver.elasticsearch.metrics.MetricsQuery}.
 * {@link io.vamp.driver.elasticsearch.metrics.LogIds} is the one place that knows how the HAProxy
 * renderer names gateways and routes in its logs.
 */
package io.vamp.driver.elasticsearch.metrics;
