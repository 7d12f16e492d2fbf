/** The artifacts of the DSL as immutable records, each knowing where it was written. */
package io.vamp.model.artifact;
