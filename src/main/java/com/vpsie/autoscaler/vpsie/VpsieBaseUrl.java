package com.vpsie.autoscaler.vpsie;

/** Where the VPSie API is, resolved when first needed (the sandbox knows its port only once serving). */
@FunctionalInterface
public interface VpsieBaseUrl {
    String get();
}
