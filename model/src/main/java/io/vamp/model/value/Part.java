package io.vamp.model.value;

/** A piece of a {@link Template}: plain text or a reference. */
public sealed interface Part permits Literal, Reference {

  /** The canonical template text of this part. */
  String source();
}
