package dev.tether.benchmarks.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Counts one process tree's connect() calls to the server, from a log of
 * {@code strace -f --seccomp-bpf -ttt -e trace=connect}: lines like
 * {@code 123 1795488486.138022 connect(3, {sa_family=AF_INET, sin_port=htons(6379), ...}, 16) = -1 ECONNREFUSED}.
 * Unlike {@code Tcp: ActiveOpens}, nothing else on the machine is counted.
 */
public final class StraceConnects {

    private StraceConnects() {
    }

    /** Whether {@code strace} is installed and may trace here (ptrace allowed). */
    public static boolean available() {
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
        try {
            return times(log, port).stream().filter(t -> t >= fromMillis && t < toMillis).count();
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** The time stamps (epoch ms, in log order) of the connect() calls to {@code port} in {@code log}. */
    public static List<Long> times(Path log, int port) throws IOException {
        String portTag = "_port=htons(" + port + ")"; // sin_port, or sin6_port for the JVM's dual-stack sockets
        List<Long> times = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
            if (!line.contains("connect(") || !line.contains(portTag)) {
                continue;
            }
            String[] parts = line.trim().split("\\s+", 3);
            if (parts.length < 3) {
                continue;
            }
            times.add((long) (Double.parseDouble(parts[1]) * 1000.0));
        }
        return times;
    }
}
