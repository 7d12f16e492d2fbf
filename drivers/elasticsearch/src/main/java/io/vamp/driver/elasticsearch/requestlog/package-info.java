/**
 * HAProxy request logs into {@code vamp-vga-<namespace>-YYYY.MM.DD}:
 * {@link io.vamp.driver.elasticsearch.requestlog.RequestLogShipper} takes parsed records (plain maps,
 * so the gateway agent's types stay in the HAProxy module), sends them in bulk, and buffers them in a
 * bounded on-disk segment queue while Elasticsearch is unreachable, replaying in order when it returns.
 */
package io.vamp.driver.elasticsearch.requestlog;
