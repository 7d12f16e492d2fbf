package io.vamp.reconciler.review;

import java.util.List;

/** The forms of a review: for a terminal, for a pull-request comment, for programs. */
public enum Format {
  TEXT, MARKDOWN, JSON;

  public String render(Review review) {
    return render(review, Sections.standard());
  }

  public String render(Review review, List<Section> sections) {
    return switch (this) {
      case TEXT -> TextForm.render(review, sections);
      case MARKDOWN -> MarkdownForm.render(review, sections);
      case JSON -> JsonForm.render(review, sections);
    };
  }
}
