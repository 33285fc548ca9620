export interface Config {
  redis?: {
    /**
     * Where the portal itself runs in Kubernetes. redis:render and redis:apply set it as
     * flavour.networkPolicy.portal of every order with networkPolicy.enabled that names no portal
     * namespace, so the NetworkPolicy admits the portal's status reads (Redis 6379, Sentinel 26379).
     */
    portal?: {
      /** Namespace of the portal's pods (a DNS label). */
      namespace: string;
      /** Labels every portal pod carries; only pods with all of them are admitted. Default: every pod of the namespace. */
      podLabels?: { [name: string]: string };
    };
  };
}
