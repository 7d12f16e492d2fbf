/**
 * Log lines: key=value text by default or one JSON object per line ({@code log.format}), with the
 * revision, commit, deployment and gateway being worked on carried in the MDC. No secret is ever put in
 * a log line: secrets are read from files or environment variables and only their names are logged.
 */
package io.vamp.reconciler.logging;
