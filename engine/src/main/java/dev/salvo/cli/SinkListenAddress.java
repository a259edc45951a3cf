package dev.salvo.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Parses --listen values: HOST:PORT, [IPv6]:PORT, or just PORT (loopback). */
final class SinkListenAddress {
    private SinkListenAddress() {}

    static InetSocketAddress parse(String value, boolean allowRemote) {
        String host;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0 || close + 1 >= value.length() || value.charAt(close + 1) != ':') {
                throw bad(value);
            }
            host = value.substring(1, close);
            port = value.substring(close + 2);
        } else if (value.indexOf(':') != value.lastIndexOf(':')) {
            throw new UserError("--listen " + value + ": write an IPv6 address in brackets, e.g. [::1]:2525");
        } else if (value.indexOf(':') < 0) {
            host = null;
            port = value;
        } else {
            host = value.substring(0, value.indexOf(':'));
            port = value.substring(value.indexOf(':') + 1);
        }
        int portNumber;
        try {
            portNumber = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw bad(value);
        }
        if (portNumber < 0 || portNumber > 65535) {
            throw new UserError("--listen " + value + ": the port must be between 0 and 65535");
        }
        InetAddress address;
        try {
            address = host == null || host.isEmpty() ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new UserError("--listen " + value + ": cannot resolve " + host);
        }
        if (!address.isLoopbackAddress() && !allowRemote) {
            throw new UserError("--listen " + value + " is not a loopback address; the sink accepts mail from anyone"
                    + " who can reach it, so add --allow-remote if that is what you want");
        }
        return new InetSocketAddress(address, portNumber);
    }

    private static UserError bad(String value) {
        return new UserError("--listen " + value + ": expected HOST:PORT, e.g. 127.0.0.1:2525 or [::1]:2525");
    }
}
