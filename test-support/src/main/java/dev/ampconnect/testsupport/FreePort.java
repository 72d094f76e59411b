package dev.ampconnect.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Picks a TCP port on the loopback interface that is free right now. Another process may take it
 * before the caller binds, so callers that start a server on it retry with a new port when the
 * bind fails; never use fixed ports in tests.
 */
public final class FreePort {

    private FreePort() {
    }

    /** A currently free loopback port. */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }
}
