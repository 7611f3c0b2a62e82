package dev.tether.benchmarks.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The child JVM's side of a conversation with a coordinator ({@link SideBySideRun#fork}): lines
 * to the coordinator on stdout, its answers on stdin, everything else on stderr (the run's log);
 * plus the {@code name=value} options, waiting for a client's first reply and closing it within a
 * bound.
 */
public final class ChildLink {

    private static final Logger LOG = LoggerFactory.getLogger(ChildLink.class);

    private final BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    /** A link over this JVM's stdin and stdout. */
    public ChildLink() {
    }

    /** The {@code name=value} arguments of {@code args} from index {@code from} on. */
    public static Map<String, String> options(String[] args, int from) {
        Map<String, String> opts = new HashMap<>();
        for (int i = from; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            opts.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        return opts;
    }

    /** Writes {@code line} to the coordinator. */
    public void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** The coordinator's next line, split on spaces; it must start with {@code word}. */
    public String[] expect(String word) throws IOException {
        String[] l = next();
        if (!l[0].equals(word)) {
            throw new IllegalStateException("expected " + word + " from the coordinator, got " + String.join(" ", l));
        }
        return l;
    }

    /** The coordinator's next line, split on spaces. */
    public String[] next() throws IOException {
        String l = stdin.readLine();
        if (l == null) {
            throw new IllegalStateException("the coordinator closed stdin");
        }
        return l.trim().split("\\s+");
    }

    /** A child's whole run: appends its fields to the result line. */
    @FunctionalInterface
    public interface Body {
        /** Runs, appending {@code name=value} fields to {@code line}. */
        void run(StringBuilder line) throws Exception;
    }

    /**
     * Runs {@code body}, then says the result line (starting with {@code prefix}, with
     * {@code error=<exception>} if it failed) and halts this JVM, so that lingering non-daemon
     * threads (Netty, pools) cannot keep it up.
     */
    public void runAndHalt(String prefix, Body body) {
        StringBuilder line = new StringBuilder(prefix);
        int code = 0;
        try {
            body.run(line);
        } catch (Throwable t) {
            LOG.error("run failed", t);
            line.append(" error=").append(t.getClass().getSimpleName());
            code = 2;
        }
        say(line.toString());
        Runtime.getRuntime().halt(code);
    }

    /** Calls {@code firstCommand} until it returns without an exception, at most 10 s. */
    public static void awaitUp(Runnable firstCommand) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        RuntimeException last = null;
        while (System.nanoTime() - deadline < 0) {
            try {
                firstCommand.run();
                return;
            } catch (RuntimeException e) {
                last = e;
                Thread.sleep(10);
            }
        }
        throw new IllegalStateException("no reply within 10 s", last);
    }

    /** Closes {@code client} on a daemon thread and waits at most {@code ms} for it. */
    public static void closeWithin(AutoCloseable client, long ms) throws InterruptedException {
        Thread t = Thread.ofPlatform().daemon(true).name("close").start(() -> {
            try {
                client.close();
            } catch (Exception e) {
                LOG.warn("close: {}", e.toString());
            }
        });
        t.join(ms);
        if (t.isAlive()) {
            LOG.warn("close did not return within {} ms", ms);
        }
    }
}
