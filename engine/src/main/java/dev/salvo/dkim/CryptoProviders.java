package dev.salvo.dkim;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Provider;
import java.security.Security;

/**
 * Puts the Amazon Corretto Crypto Provider (AWS-LC behind the JCA) first, where its native
 * library loads on this platform; elsewhere the JDK's own providers stay, and a log line says so.
 * Call once at start, before any DKIM key is loaded.
 */
public final class CryptoProviders {
    private static final System.Logger LOG = System.getLogger("dev.salvo.dkim");
    private static String installed;

    private CryptoProviders() {
    }

    /**
     * Installs ACCP as the first JCA provider if it can run here; idempotent.
     *
     * @return what signs: "ACCP 2.5.0 (AWS-LC)" or "JDK (ACCP unavailable: reason)"
     */
    public static synchronized String installFastest() {
        if (installed == null) {
            installed = tryAccp();
        } else if (installed.startsWith("ACCP") && Security.getProvider(AmazonCorrettoCryptoProvider.PROVIDER_NAME) == null) {
            Security.insertProviderAt(AmazonCorrettoCryptoProvider.INSTANCE, 1); // someone removed it since
        }
        return installed;
    }

    private static String tryAccp() {
        String reason;
        try {
            AmazonCorrettoCryptoProvider.install();
            Throwable error = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
            if (error == null) {
                String description = "ACCP " + AmazonCorrettoCryptoProvider.INSTANCE.getVersionStr() + " (AWS-LC)";
                LOG.log(System.Logger.Level.INFO, "DKIM crypto: " + description + " installed as the first JCA provider");
                return description;
            }
            reason = String.valueOf(error);
        } catch (LinkageError | RuntimeException e) { // no jar, or no native library for this platform
            reason = String.valueOf(e);
        }
        removeAccp();
        LOG.log(System.Logger.Level.WARNING, "DKIM crypto: ACCP unavailable (" + reason + "); signing with the JDK's providers");
        return "JDK (ACCP unavailable: " + reason + ")";
    }

    private static void removeAccp() {
        for (Provider p : Security.getProviders()) {
            if (p.getName().equals(AmazonCorrettoCryptoProvider.PROVIDER_NAME)) {
                Security.removeProvider(p.getName());
            }
        }
    }
}
