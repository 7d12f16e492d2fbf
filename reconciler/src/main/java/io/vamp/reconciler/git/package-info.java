/**
 * The Git source: where revisions come from.
 *
 * <p>{@link io.vamp.reconciler.git.GitSource}, configured by a
 * {@link io.vamp.reconciler.git.GitSourceConfig}, follows one branch of a remote (mirrored into a
 * bare repository in a work directory) or of a local repository (read in place, offline, as
 * {@code vamp plan} needs). Polling is cheap: one ref advertisement, and a fetch only when the
 * branch moved. A {@link io.vamp.reconciler.git.Revision} is an immutable snapshot of one commit:
 * identity plus the UTF-8 text of its yaml files under the sub-path, read from the commit's tree
 * and bounded by {@link io.vamp.reconciler.git.RevisionLimits}.
 *
 * <p>Credentials ({@link io.vamp.reconciler.git.GitCredentials}) name where a secret lives, a file
 * or an environment variable ({@link io.vamp.reconciler.git.SecretSource}); the secret is read for
 * one transport operation and cleared after it, and is never logged, stored or put in a message.
 * Failures are {@link io.vamp.reconciler.git.GitSourceException}s that say what failed and whether
 * retrying may help. {@link io.vamp.reconciler.git.PollSchedule} is what the daemon loop waits on
 * between polls; a webhook triggers it.
 *
 * <p>Depends on JGit (and its Apache MINA ssh transport) and on {@code io.vamp.model.problem} for
 * reporting bad files; nothing here knows about artifacts, drivers or the HTTP server.
 */
package io.vamp.reconciler.git;
