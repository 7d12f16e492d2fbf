/**
 * Resolution: references, Vamp's merge of blueprints into deployments, environment scopes and
 * interpolation, gateway ports and routes, into an immutable {@link io.vamp.model.state.DesiredState},
 * or every problem found on the way. Pure and deterministic.
 */
package io.vamp.model.resolve;
