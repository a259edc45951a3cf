package dev.salvo.smtp;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the server said it can do in its EHLO reply (RFC 5321 §4.1.1.1): one keyword per line after
 * the first, keywords case-insensitive. After STARTTLS these are forgotten and asked for again
 * (RFC 3207 §4.2), because a man in the middle could have edited the plaintext list.
 */
public final class EhloCapabilities {
    /** What a HELO-only server (RFC 821) offers: nothing. */
    public static final EhloCapabilities NONE = new EhloCapabilities(false, false, false, -1, false, false, false, false, false, false, Set.of());

    private final boolean esmtp;
    private final boolean pipelining;
    private final boolean starttls;
    private final long sizeLimit;
    private final boolean eightBitMime;
    private final boolean smtpUtf8;
    private final boolean chunking;
    private final boolean binaryMime;
    private final boolean enhancedStatusCodes;
    private final boolean dsn;
    private final Set<String> authMechanisms;

    private EhloCapabilities(boolean esmtp, boolean pipelining, boolean starttls, long sizeLimit, boolean eightBitMime,
            boolean smtpUtf8, boolean chunking, boolean binaryMime, boolean enhancedStatusCodes, boolean dsn,
            Set<String> authMechanisms) {
        this.esmtp = esmtp;
        this.pipelining = pipelining;
        this.starttls = starttls;
        this.sizeLimit = sizeLimit;
        this.eightBitMime = eightBitMime;
        this.smtpUtf8 = smtpUtf8;
        this.chunking = chunking;
        this.binaryMime = binaryMime;
        this.enhancedStatusCodes = enhancedStatusCodes;
        this.dsn = dsn;
        this.authMechanisms = authMechanisms;
    }

    /** Parses a positive EHLO reply; the first line is the server's greeting name, not a keyword. */
    public static EhloCapabilities parse(SmtpReply ehlo) {
        boolean pipelining = false, starttls = false, eightBit = false, utf8 = false, chunking = false;
        boolean binary = false, enhanced = false, dsn = false;
        long size = -1;
        Set<String> auth = new LinkedHashSet<>();
        List<String> lines = ehlo.lines();
        for (int i = 1; i < lines.size(); i++) {
            String[] words = lines.get(i).trim().split("[ =]+");
            if (words.length == 0 || words[0].isEmpty()) {
                continue;
            }
            switch (words[0].toUpperCase(Locale.ROOT)) {
                case "PIPELINING" -> pipelining = true;
                case "STARTTLS" -> starttls = true;
                case "8BITMIME" -> eightBit = true;
                case "SMTPUTF8" -> utf8 = true;
                case "CHUNKING" -> chunking = true;
                case "BINARYMIME" -> binary = true;
                case "ENHANCEDSTATUSCODES" -> enhanced = true;
                case "DSN" -> dsn = true;
                // RFC 1870 §4: "SIZE" alone or "SIZE 0" means no fixed limit.
                case "SIZE" -> size = words.length > 1 ? parseSize(words[1]) : 0;
                case "AUTH" -> {
                    for (int w = 1; w < words.length; w++) {
                        auth.add(words[w].toUpperCase(Locale.ROOT));
                    }
                }
                default -> { }
            }
        }
        return new EhloCapabilities(true, pipelining, starttls, size, eightBit, utf8, chunking, binary, enhanced, dsn,
                Collections.unmodifiableSet(auth));
    }

    private static long parseSize(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** True when the server answered EHLO; false after a fallback to HELO. */
    public boolean esmtp() {
        return esmtp;
    }

    public boolean pipelining() {
        return pipelining;
    }

    public boolean starttls() {
        return starttls;
    }

    /** The server's SIZE limit in octets: -1 when SIZE was not offered, 0 when offered without a limit. */
    public long sizeLimit() {
        return sizeLimit;
    }

    public boolean eightBitMime() {
        return eightBitMime;
    }

    public boolean smtpUtf8() {
        return smtpUtf8;
    }

    public boolean chunking() {
        return chunking;
    }

    public boolean binaryMime() {
        return binaryMime;
    }

    public boolean enhancedStatusCodes() {
        return enhancedStatusCodes;
    }

    public boolean dsn() {
        return dsn;
    }

    /** AUTH mechanisms in the server's order, upper case. */
    public Set<String> authMechanisms() {
        return authMechanisms;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(esmtp ? "ESMTP" : "SMTP");
        if (pipelining) sb.append(" PIPELINING");
        if (starttls) sb.append(" STARTTLS");
        if (sizeLimit >= 0) sb.append(" SIZE=").append(sizeLimit);
        if (eightBitMime) sb.append(" 8BITMIME");
        if (smtpUtf8) sb.append(" SMTPUTF8");
        if (chunking) sb.append(" CHUNKING");
        if (binaryMime) sb.append(" BINARYMIME");
        if (enhancedStatusCodes) sb.append(" ENHANCEDSTATUSCODES");
        if (dsn) sb.append(" DSN");
        if (!authMechanisms.isEmpty()) sb.append(" AUTH=").append(String.join(",", authMechanisms));
        return sb.toString();
    }
}
