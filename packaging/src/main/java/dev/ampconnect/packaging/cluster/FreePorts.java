package dev.ampconnect.packaging.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Local TCP ports nobody listens on right now, so parallel runs and other engineers' services never collide. */
public final class FreePorts {

    private FreePorts() {
    }

    /** A port the OS just handed out as free on the loopback interface. */
    public static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }
}
