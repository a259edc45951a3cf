package dev.salvo.cli;

import java.net.InetSocketAddress;
import picocli.CommandLine.Option;

/** Where a listener of Salvo's binds: loopback unless the user says otherwise, for `sink` and `serve`. */
final class ListenOptions {
    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:2525",
            description = "Address to listen on; [::1]:PORT for IPv6, port 0 for any free port. Default: ${DEFAULT-VALUE}.")
    String listen;

    @Option(names = "--allow-remote",
            description = "Allow a non-loopback address (by default only loopback, so the listener is not open to the world).")
    boolean allowRemote;

    /** The address to bind, or a UserError that says why it may not be used. */
    InetSocketAddress address() {
        return SinkListenAddress.parse(listen, allowRemote);
    }
}
