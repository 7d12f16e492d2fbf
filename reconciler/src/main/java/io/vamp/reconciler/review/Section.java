package io.vamp.reconciler.review;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One part of a review's output, in each of the three forms. The forms print their header and
 * summary, then every section that is not empty, in order; the JSON form sets each section's
 * {@link #key()} to its {@link #json} whether empty or not, so the document's shape never varies.
 *
 * <p>Sections are pure and deterministic like the rest of the review; they may read
 * {@link Review#baseState()} and {@link Review#headState()} to render more (e.g. the diff of the
 * rendered HAProxy configuration). They are only asked about a review whose head is valid.
 */
public interface Section {

  /** The section's key in the JSON form, lower case with underscores. */
  String key();

  /** Whether there is nothing to show (the section is then left out of text and Markdown). */
  boolean isEmpty(Review review);

  /** Appends the section for a terminal: a title line, then lines indented by two spaces. */
  void text(Review review, StringBuilder out);

  /** Appends the section for a pull-request comment: a {@code ####} heading, then blocks. */
  void markdown(Review review, StringBuilder out);

  /** The section's value in the JSON form. */
  JsonNode json(Review review);
}
