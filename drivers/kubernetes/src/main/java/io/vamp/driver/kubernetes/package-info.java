/** Vamp driver: Kubernetes scheduler (fabric8 kubernetes-client). */
package io.vamp.driver.kubernetes;
