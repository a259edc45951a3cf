package dev.salvo.smtp.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * Native epoll where the platform has it, NIO elsewhere. Epoll is looked up by name because its
 * classes (netty-transport-classes-epoll) may be absent from the class path: the native jar alone
 * does not bring them.
 */
final class SinkTransport {
    private static final IoHandlerFactory EPOLL_IO;
    private static final Class<? extends ServerChannel> EPOLL_CHANNEL;

    static {
        IoHandlerFactory io = null;
        Class<? extends ServerChannel> channel = null;
        try {
            Class<?> epoll = Class.forName("io.netty.channel.epoll.Epoll");
            if ((Boolean) epoll.getMethod("isAvailable").invoke(null)) {
                io = (IoHandlerFactory) Class.forName("io.netty.channel.epoll.EpollIoHandler")
                        .getMethod("newFactory").invoke(null);
                channel = Class.forName("io.netty.channel.epoll.EpollServerSocketChannel")
                        .asSubclass(ServerChannel.class);
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            io = null;
            channel = null;
        }
        EPOLL_IO = io;
        EPOLL_CHANNEL = channel;
    }

    private SinkTransport() {}

    static EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, EPOLL_IO != null ? EPOLL_IO : NioIoHandler.newFactory());
    }

    static Class<? extends ServerChannel> serverChannel() {
        return EPOLL_CHANNEL != null ? EPOLL_CHANNEL : NioServerSocketChannel.class;
    }

    static String name() {
        return EPOLL_CHANNEL != null ? "epoll" : "nio";
    }
}
