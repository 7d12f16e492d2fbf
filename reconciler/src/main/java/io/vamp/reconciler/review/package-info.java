/**
 * What a change to the repository would do, for people reviewing it ({@code vamp plan}): a pure
 * comparison of two revisions' files ({@link io.vamp.reconciler.review.Reviewer}) into a
 * {@link io.vamp.reconciler.review.Review} (artifacts, workloads and gateways added, changed and
 * removed), and its renderings as terminal text, a pull-request comment in Markdown, and JSON
 * ({@link io.vamp.reconciler.review.Format}).
 *
 * <p>Each part of the output is a {@link io.vamp.reconciler.review.Section} that renders itself in
 * all three forms; a new part (such as the diff of the rendered HAProxy configuration) is one more
 * section in {@link io.vamp.reconciler.review.Sections#standard()}.
 *
 * <p>Depends on the model only: no Git, no drivers, no I/O, no clock. The same inputs always give
 * the same bytes out.
 */
package io.vamp.reconciler.review;
