package dev.salvo.suppress;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** A suppression list kept in memory only: for tests and for runs without a data directory. */
public final class MemorySuppressionList implements SuppressionList {
    private final ConcurrentHashMap<String, Suppression> entries = new ConcurrentHashMap<>();

    private static String key(String scope, String address) {
        return Suppression.normaliseScope(scope) + '\u0000' + Suppression.normalise(address);
    }

    @Override
    public Suppression find(String senderDomain, String recipient) {
        Suppression global = entries.get(key(GLOBAL, recipient));
        if (global != null || senderDomain == null) {
            return global;
        }
        return entries.get(key(senderDomain, recipient));
    }

    @Override
    public boolean add(Suppression entry) {
        return entries.put(key(entry.scope(), entry.address()), entry) == null;
    }

    @Override
    public boolean remove(String scope, String address) {
        return entries.remove(key(scope, address)) != null;
    }

    @Override
    public void forEach(Consumer<Suppression> each) {
        entries.values().forEach(each);
    }

    @Override
    public long size() {
        return entries.size();
    }

    @Override
    public void close() {}
}
