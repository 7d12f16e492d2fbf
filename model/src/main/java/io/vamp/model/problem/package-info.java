/** Problems are data: a position in a repository file, the field's path and a message. */
package io.vamp.model.problem;
