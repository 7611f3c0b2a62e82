package dev.tether.benchmarks.protocol;

import dev.tether.benchmarks.compare.Compare;
import dev.tether.benchmarks.talk.ForkedJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The request/reply layer against plain blocking sockets, for the two example protocols: Tether's
 * memcached and line clients (one shared connection) and a blocking socket per caller, each run in
 * a JVM of its own ({@link ProtocolRunner}), in interleaved rounds, with medians and the spread.
 *
 * <p>Clients: {@code tether} (callers read their own replies when alone, see the pipe's Lane),
 * {@code tether-reader} (the same with every reply read by a reader thread, to compare the two
 * designs) and {@code blocking}.
 *
 * <p>Workloads: {@code serial} (one caller) and {@code threads} (256 platform threads). Servers: a
 * real {@code memcached -l 127.0.0.1 -U 0} and the example's {@code LineServer} in a JVM of its
 * own, both on free loopback ports, stopped at the end.
 *
 * <p>Flags: {@code --rounds N} (default 5), {@code --quick} (1 round, short phases),
 * {@code --warmup-ms}, {@code --measure-ms}, {@code --threads N} (default 256).
 */
public final class ProtocolCompare {

    private static final List<String> PROTOCOLS = List.of("memcached", "line");
    /** tether-reader: Tether with callers never reading (tether.pipe.callersRead=false), all reads by a reader thread. */
    static final List<String> CLIENTS = List.of("tether", "tether-reader", "blocking");

    private ProtocolCompare() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        boolean quick = a.contains("--quick");
        int rounds = intFlag(a, "--rounds", quick ? 1 : 5);
        long warmupMs = intFlag(a, "--warmup-ms", quick ? 500 : 2000);
        long measureMs = intFlag(a, "--measure-ms", quick ? 1000 : 3000);
        int manyThreads = intFlag(a, "--threads", 256);
        System.out.println("# ProtocolCompare " + Instant.now() + " rounds=" + rounds + " warmup_ms=" + warmupMs
                + " measure_ms=" + measureMs + " value_bytes=" + ProtocolRunner.VALUE.length()
                + " java=" + Runtime.version() + " cpus=" + Runtime.getRuntime().availableProcessors());
        Memcached memcached = startMemcached();
        Process lineServer = null;
        List<Map<String, String>> results = new ArrayList<>();
        try {
            int mcPort = memcached.port();
            lineServer = new ProcessBuilder(ForkedJvm.command(List.of("-Xmx256m"), LineServerMain.class, List.of()))
                    .redirectErrorStream(true).start();
            BufferedReader lineOut = new BufferedReader(new InputStreamReader(lineServer.getInputStream(),
                    StandardCharsets.UTF_8));
            int linePort = Integer.parseInt(ForkedJvm.field(lineOut.readLine(), "port"));
            for (int round = 1; round <= rounds; round++) {
                System.out.println("# round " + round + " load_average_start=" + Compare.loadAverage());
                for (int threads : List.of(1, manyThreads)) {
                    for (String protocol : PROTOCOLS) {
                        for (String client : CLIENTS) {
                            int port = protocol.equals("memcached") ? mcPort : linePort;
                            runOne(results, round, protocol, client, port, threads, warmupMs, measureMs);
                        }
                    }
                }
                System.out.println("# round " + round + " load_average_end=" + Compare.loadAverage());
            }
        } finally {
            memcached.process().destroy();
            memcached.process().waitFor(10, TimeUnit.SECONDS);
            if (lineServer != null) {
                lineServer.getOutputStream().close();
                lineServer.destroy();
                lineServer.waitFor(10, TimeUnit.SECONDS);
            }
        }
        ProtocolReport.print(results, manyThreads, System.out);
    }

    private static void runOne(List<Map<String, String>> results, int round, String protocol, String client, int port,
                               int threads, long warmupMs, long measureMs) throws IOException, InterruptedException {
        List<String> args = List.of(protocol, client, String.valueOf(port), String.valueOf(threads),
                String.valueOf(warmupMs), String.valueOf(measureMs));
        List<String> jvm = client.equals("tether-reader")
                ? List.of("-Xmx512m", "-Xss256k", "-Dtether.pipe.callersRead=false")
                : List.of("-Xmx512m", "-Xss256k");
        int exit = ForkedJvm.run(ForkedJvm.command(jvm, ProtocolRunner.class, args), 120, line -> {
            System.out.println(line.startsWith("protocol=") ? "round=" + round + " " + line : "#   " + line);
            if (line.startsWith("protocol=")) {
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put("round", String.valueOf(round));
                for (String part : line.split("\\s+")) {
                    int eq = part.indexOf('=');
                    fields.put(part.substring(0, eq), part.substring(eq + 1));
                }
                results.add(fields);
            }
        });
        if (exit != 0) {
            System.out.println("# " + protocol + "/" + client + "/" + threads + " exited with " + exit);
        }
    }

    /** A memcached this run started, and its port. */
    private record Memcached(Process process, int port) {
    }

    private static Memcached startMemcached() throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        // -u: memcached refuses to run as root without it, and ignores it otherwise.
        Process p = new ProcessBuilder("memcached", "-l", "127.0.0.1", "-U", "0", "-p", String.valueOf(port),
                "-u", System.getProperty("user.name"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new Memcached(p, port);
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    throw new IOException("memcached exited with " + p.exitValue());
                }
                Thread.sleep(20); // polling a child process's port: no listener to wait on
            }
        }
        p.destroyForcibly();
        throw new IOException("memcached did not listen on " + port + " within 10 s");
    }

    private static int intFlag(List<String> args, String flag, int dflt) {
        int i = args.indexOf(flag);
        return i >= 0 ? Integer.parseInt(args.get(i + 1)) : dflt;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.2f", v);
    }
}
