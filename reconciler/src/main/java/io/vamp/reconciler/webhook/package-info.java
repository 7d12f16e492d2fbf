/**
 * Webhook verification: does a request prove it knows the shared secret?
 *
 * <p>{@link io.vamp.reconciler.webhook.WebhookVerifier} checks GitHub's
 * {@code X-Hub-Signature-256}, GitLab's {@code X-Gitlab-Token} and the generic
 * {@code X-Vamp-Signature} HMAC header against the raw body, in constant time, and returns a
 * {@link io.vamp.reconciler.webhook.Verification}. Pure functions only: the HTTP endpoint that
 * answers 401 or triggers a poll lives elsewhere. The payload's content is never trusted: an
 * accepted webhook only makes the daemon poll Git sooner.
 *
 * <p>Depends on the JDK alone.
 */
package io.vamp.reconciler.webhook;
