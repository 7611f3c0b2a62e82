package dev.tether.benchmarks.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A process this coordinator started: stdout is read line by line on a thread of its own, stderr
 * goes to a log file, stdin can take lines. {@link #close()} ends it (this process only, by its
 * handle) if it is still alive.
 */
public final class Child implements AutoCloseable {

    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Writer stdin;

    /** Starts {@code command}; its stderr is appended to {@code stderrLog}. */
    public Child(List<String> command, Path stderrLog) {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(stderrLog.toFile()));
        try {
            this.process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon(true).name("child-stdout-" + process.pid()).start(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process went away
            } finally {
                lines.add(EOF);
            }
        });
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** The next stdout line matching {@code wanted} within {@code timeoutMs}, or null (timeout or end of output). */
    public String await(Predicate<String> wanted, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            String line = lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                return null;
            }
            if (line.equals(EOF)) {
                lines.add(EOF); // stay at the end
                return null;
            }
            if (wanted.test(line)) {
                return line;
            }
            System.err.println("[child " + process.pid() + "] " + line);
        }
    }

    /** Writes {@code line} and a newline to the process's stdin. */
    public void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** Waits (bounded) for the process to exit; true if it did. */
    public boolean awaitExit(long timeoutMs) throws InterruptedException {
        return process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                kill();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
    }

    /** Ends this process and what it started (e.g. the JVM under strace), by their handles. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Kills whichever child {@code current} names when this JVM exits (a harness interrupted mid-run). */
    public static void killOnShutdown(java.util.function.Supplier<Child> current) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Child c = current.get();
            if (c != null) {
                c.kill();
            }
        }));
    }
}
