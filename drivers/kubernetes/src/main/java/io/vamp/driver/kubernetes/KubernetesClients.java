package io.vamp.driver.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vamp.driver.spi.DriverException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * Makes the fabric8 client from the settings, in this order: a {@code kubeconfig} file (and its
 * {@code context}); else the scheduler URI ({@code scheduler.uri}) with an optional {@code token-file} and
 * {@code ca-file}; else fabric8's auto-configuration (in-cluster service account, {@code $KUBECONFIG},
 * {@code ~/.kube/config}) with the {@code context}. A URI given with a kubeconfig replaces its server.
 */
final class KubernetesClients {
  private KubernetesClients() {}

  static KubernetesClient create(KubernetesSettings settings) {
    return new KubernetesClientBuilder().withConfig(config(settings)).build();
  }

  static Config config(KubernetesSettings settings) {
    Config base;
    if (settings.kubeconfig().isPresent()) {
      if (!Files.isReadable(settings.kubeconfig().get())) {
        throw new DriverException("kubernetes scheduler: kubeconfig " + settings.kubeconfig().get()
            + " cannot be read", false);
      }
      base = Config.fromKubeconfig(settings.context().orElse(null), settings.kubeconfig().get().toFile());
    } else if (settings.masterUrl().isPresent()) {
      base = Config.empty();
    } else {
      base = Config.autoConfigure(settings.context().orElse(null));
    }
    ConfigBuilder builder = new ConfigBuilder(base)
        .withRequestTimeout((int) settings.requestTimeout().toMillis());
    settings.masterUrl().ifPresent(uri -> builder.withMasterUrl(uri.toString()));
    if (settings.tokenFile().isPresent()) {
      try {
        builder.withOauthToken(Files.readString(settings.tokenFile().get(), StandardCharsets.UTF_8).strip());
      } catch (IOException e) {
        throw new DriverException("kubernetes scheduler: token-file " + settings.tokenFile().get()
            + " cannot be read", false);
      }
    }
    settings.caFile().ifPresent(ca -> builder.withCaCertFile(ca.toAbsolutePath().toString()));
    if (settings.trustCerts()) {
      builder.withTrustCerts(true).withDisableHostnameVerification(true);
    }
    return builder.build();
  }
}
