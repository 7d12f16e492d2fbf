/**
 * The desired state a revision resolves to: workloads (one per deployment/cluster/service, stable
 * ids) and gateways with their routes. Immutable and deterministic; the drivers and the reconciler
 * read it, nothing here knows about them.
 */
package io.vamp.model.state;
