/**
 * The Kubernetes scheduler driver (fabric8 kubernetes-client): a Deployment and a ClusterIP Service per
 * workload, observed through watch caches. {@link io.vamp.driver.kubernetes.WorkloadRenderer},
 * {@link io.vamp.driver.kubernetes.KubernetesDialect} and the drift check are pure; the scheduler and the
 * cache do the I/O. Depends on the driver SPI (and through it the model) and fabric8 only.
 */
package io.vamp.driver.kubernetes;
