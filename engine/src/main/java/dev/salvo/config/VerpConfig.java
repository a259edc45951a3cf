package dev.salvo.config;

/**
 * VERP return paths from salvo.yaml's {@code verp:} section: the bounce domain, the local-part
 * prefix, and the file of HMAC secrets (a path resolved against the YAML file's folder and checked
 * to be readable at load; the secrets themselves are read when a campaign starts, never logged).
 * {@link #NONE} when the section is absent: the envelope sender is --from as given.
 */
public record VerpConfig(String domain, String prefix, String secretFile) {
    public static final VerpConfig NONE = new VerpConfig(null, "bounces", null);

    public boolean enabled() {
        return domain != null;
    }
}
