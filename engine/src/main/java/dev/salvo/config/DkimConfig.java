package dev.salvo.config;

import java.util.List;
import java.util.Objects;

/**
 * DKIM signing from salvo.yaml: the keys (one signature each, so an RSA and an Ed25519 key sign
 * twice), the canonicalisation, and the signed header list (null for the signer's default).
 * Key files are paths resolved against the YAML file's folder and checked to be readable at load;
 * the keys themselves are parsed when the engine starts.
 */
public record DkimConfig(List<Key> keys, String canonicalization, List<String> headers) {
    public static final DkimConfig NONE = new DkimConfig(List.of(), "relaxed", null);

    /** One signing key: d= domain, s= selector, and the PEM file. */
    public record Key(String domain, String selector, String file) {
        public Key {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(selector, "selector");
            Objects.requireNonNull(file, "file");
        }
    }

    public DkimConfig {
        keys = List.copyOf(keys);
        Objects.requireNonNull(canonicalization, "canonicalization");
        headers = headers == null ? null : List.copyOf(headers);
    }

    public boolean enabled() {
        return !keys.isEmpty();
    }
}
