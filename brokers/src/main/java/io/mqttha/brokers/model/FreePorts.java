package io.mqttha.brokers.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Ports on the loopback interface that are free right now. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * Finds free ports on {@link ClusterDescription#LOCAL_HOST}.
     *
     * @param count how many
     * @return that many distinct ports nobody listened on a moment ago
     */
    public static List<Integer> take(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            // Holding every socket until all are chosen keeps the kernel from handing out one port twice.
            for (int i = 0; i < count; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getByName(ClusterDescription.LOCAL_HOST)));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find free ports on " + ClusterDescription.LOCAL_HOST, e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // The port is released either way.
                }
            }
        }
    }
}
