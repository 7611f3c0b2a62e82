package dev.tether.benchmarks.protocol;

import dev.tether.examples.line.LineServer;

/**
 * The example's line server in a JVM of its own, so the client JVM's context switches and CPU
 * are the client's alone. Prints {@code port=N}, then serves until its standard input closes.
 */
public final class LineServerMain {

    private LineServerMain() {
    }

    public static void main(String[] args) throws Exception {
        try (LineServer server = LineServer.start(0)) {
            System.out.println("port=" + server.port());
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
