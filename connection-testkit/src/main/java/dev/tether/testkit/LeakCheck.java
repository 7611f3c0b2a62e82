package dev.tether.testkit;

import dev.tether.core.LiveResources;
import dev.tether.core.Tether;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Checks that a piece of code left no connection loop, socket reader or socket behind. Take a
 * {@link #baseline()} before, call {@link Baseline#assertNoLeaks(Duration)} after.
 *
 * <p>Loops and readers come from the runtime's own registry ({@link Tether#liveResources()}):
 * virtual threads are invisible to ThreadMXBean and {@code Thread.getAllStackTraces()}. Sockets
 * are counted both in that registry and as {@code socket:} entries of {@code /proc/self/fd}
 * (other descriptors, such as jars the JVM opens lazily, are noise and ignored). Works without
 * JUnit; {@link LeakCheckExtension} wraps it for JUnit 5.
 */
public final class LeakCheck {

    private LeakCheck() {
    }

    private static final java.util.concurrent.atomic.AtomicBoolean WARMED_UP = new java.util.concurrent.atomic.AtomicBoolean();

    /** What is live now. */
    public static Baseline baseline() {
        warmUpSockets();
        return new Baseline(Tether.liveResources(), openSocketDescriptors());
    }

    /**
     * The JDK keeps a socket descriptor or two open for good after the first sockets a process
     * uses (and more once virtual threads do socket I/O); exchange a byte over loopback once from
     * a platform and a virtual thread, so those are in every baseline rather than reported as the
     * first test's leak.
     */
    private static void warmUpSockets() {
        if (!WARMED_UP.compareAndSet(false, true)) {
            return;
        }
        exchangeOverLoopback();
        // Socket I/O on a virtual thread starts the JDK's pollers, which keep descriptors too.
        try {
            Thread.ofVirtual().start(LeakCheck::exchangeOverLoopback).join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void exchangeOverLoopback() {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             java.net.Socket client = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.getLocalPort());
             java.net.Socket accepted = server.accept()) {
            accepted.getOutputStream().write(0);
            client.getInputStream().read();
        } catch (IOException e) {
            // Only a warm-up: a machine without loopback fails the real tests, not this.
        }
    }

    /** Socket descriptors of this process, from /proc/self/fd; -1 where /proc is not available. */
    public static int openSocketDescriptors() {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        int sockets = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(fds)) {
            for (Path fd : entries) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        sockets++;
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // The descriptor was closed while we listed: not ours to count.
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return sockets;
    }

    /** A snapshot to compare against. */
    public static final class Baseline {
        private final LiveResources live;
        private final int sockets;

        Baseline(LiveResources live, int sockets) {
            this.live = live;
            this.sockets = sockets;
        }

        /** The runtime's resources at the baseline. */
        public LiveResources live() {
            return live;
        }

        /** Socket descriptors at the baseline. */
        public int socketDescriptors() {
            return sockets;
        }

        /**
         * Waits up to {@code grace} for everything started since the baseline to be gone (stops
         * finish asynchronously), then throws {@link AssertionError} naming what leaked.
         */
        public void assertNoLeaks(Duration grace) {
            long deadline = System.nanoTime() + grace.toNanos();
            String problem;
            while ((problem = leaks()) != null) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new AssertionError("leak check failed: " + problem);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }

        /** A description of what leaked, or null if nothing did. */
        public String leaks() {
            LiveResources now = Tether.liveResources();
            List<String> problems = new ArrayList<>();
            extra("loops", live.loops(), now.loops(), problems);
            extra("socket readers", live.readers(), now.readers(), problems);
            extra("runtime sockets", live.sockets(), now.sockets(), problems);
            int fds = openSocketDescriptors();
            if (sockets >= 0 && fds > sockets) {
                problems.add((fds - sockets) + " more socket descriptors in /proc/self/fd than at the baseline ("
                        + fds + " vs " + sockets + ")");
            }
            return problems.isEmpty() ? null : String.join("; ", problems);
        }

        private static void extra(String what, List<String> before, List<String> now, List<String> problems) {
            if (now.size() > before.size()) {
                List<String> added = new ArrayList<>(now);
                for (String b : before) {
                    added.remove(b);
                }
                problems.add((now.size() - before.size()) + " " + what + " still live: " + added);
            }
        }
    }
}
