/** YAML text to position-carrying nodes, within limits that protect against hostile input. */
package io.vamp.model.yaml;
