package dev.tether.benchmarks.talk;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one benchmark client in a JVM of its own: the same {@code java} executable and class path
 * as this JVM (so the toolchain JDK that exec:exec picked), a main class, and arguments. Every line
 * the child prints is passed on; the child is killed if it outlives its time bound.
 */
public final class ForkedJvm {

    private ForkedJvm() {
    }

    /** The java executable of this JVM. */
    public static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + "/bin/java");
    }

    /** {@code java <jvmArgs> -cp <this class path> <mainClass> <args>}. */
    public static List<String> command(List<String> jvmArgs, Class<?> mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        return command;
    }

    /**
     * Runs {@code command}, feeding each line of its merged stdout/stderr to {@code lines}.
     *
     * @return the exit code, or -1 if the child was killed at {@code timeoutSeconds}
     */
    public static int run(List<String> command, long timeoutSeconds, Consumer<String> lines)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread pump = Thread.ofPlatform().daemon().name("fork-output").start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.accept(line);
                }
            } catch (IOException ignored) {
                // the child is gone
            }
        });
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                lines.accept("FORK TIMEOUT after " + timeoutSeconds + " s: killing pid " + process.pid());
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                return -1;
            }
            return process.exitValue();
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
            pump.join(5_000);
        }
    }

    /** The value after {@code key=} in a line of {@code key=value} pairs, or null. */
    public static String field(String line, String key) {
        for (String part : line.split("\\s+")) {
            if (part.startsWith(key + "=")) {
                return part.substring(key.length() + 1);
            }
        }
        return null;
    }
}
