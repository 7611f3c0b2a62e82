package dev.tether.benchmarks.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Counts one process tree's connect() calls to the server, from a log of
 * {@code strace -f --seccomp-bpf -ttt -e trace=connect}: lines like
 * {@code 123 1795488486.138022 connect(3, {sa_family=AF_INET, sin_port=htons(6379), ...}, 16) = -1 ECONNREFUSED}.
 * Unlike {@code Tcp: ActiveOpens}, nothing else on the machine is counted.
 */
final class StraceConnects {

    private StraceConnects() {
    }

    /** Whether {@code strace} is installed and may trace here (ptrace allowed). */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("strace", "-f", "--seccomp-bpf", "-qq", "-e", "trace=connect",
                    "-o", "/dev/null", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** connect() calls to {@code port} with a time stamp in [fromMillis, toMillis); -1 if the log cannot be read. */
    static long count(Path log, int port, long fromMillis, long toMillis) {
        String portTag = "_port=htons(" + port + ")"; // sin_port, or sin6_port for the JVM's dual-stack sockets
        try {
            long n = 0;
            for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
                if (!line.contains("connect(") || !line.contains(portTag)) {
                    continue;
                }
                String[] parts = line.trim().split("\\s+", 3);
                if (parts.length < 3) {
                    continue;
                }
                long millis = (long) (Double.parseDouble(parts[1]) * 1000.0);
                if (millis >= fromMillis && millis < toMillis) {
                    n++;
                }
            }
            return n;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
