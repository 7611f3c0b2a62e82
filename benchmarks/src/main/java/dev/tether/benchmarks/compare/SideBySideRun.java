package dev.tether.benchmarks.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The coordinator's frame shared by the failover harness modes (Cluster, Sentinel): an output
 * directory {@code <mode>-out/<UTC time>/} in the working directory with {@code results.txt} (every
 * line printed), {@code summary.md} and {@code logs/}; the header (flags, java, client versions,
 * load average); interleaved rounds (round 1: each client once, round 2: ...) that stop early when
 * the next round would pass the time budget, unless the rounds were given; one forked child JVM
 * per run, killed if this JVM exits first; the result lines; and the closing summary.
 */
public final class SideBySideRun {

    /**
     * The flags every mode takes, each with two leading dashes: {@code quick} (1 round),
     * {@code rounds N} (default 3), {@code clients a,b}.
     *
     * @param rounds      how many rounds
     * @param roundsGiven whether {@code rounds} was given (then the budget does not cut them)
     * @param clients     the clients, in run order
     */
    public record Flags(int rounds, boolean roundsGiven, List<String> clients) {

        /**
         * Parses {@code args}: the common flags, and {@code valued} flags (name with its dashes to
         * what takes its value); {@code -h}/{@code --help} prints {@code usage} and exits.
         */
        public static Flags parse(String[] args, List<String> known, String usage, Map<String, Consumer<String>> valued) {
            int rounds = Arrays.asList(args).contains("--quick") ? 1 : 3;
            boolean roundsGiven = false;
            List<String> clients = known;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--quick" -> { }
                    case "--rounds" -> {
                        rounds = Integer.parseInt(value(args, ++i));
                        roundsGiven = true;
                    }
                    case "--clients" -> clients = Arrays.stream(value(args, ++i).split(","))
                            .map(String::trim).filter(s -> !s.isEmpty()).toList();
                    case "-h", "--help" -> {
                        System.out.println(usage);
                        System.exit(0);
                    }
                    default -> {
                        Consumer<String> c = valued.get(a);
                        if (c == null) {
                            throw new IllegalArgumentException("unknown argument " + a + " (try --help)");
                        }
                        c.accept(value(args, ++i));
                    }
                }
            }
            if (clients.isEmpty() || !known.containsAll(clients) || rounds < 1 || rounds > 50) {
                throw new IllegalArgumentException("need 1..50 rounds and clients among " + known);
            }
            return new Flags(rounds, roundsGiven, clients);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }
    }

    /**
     * What a report says about the run as a whole.
     *
     * @param lines      the result lines' fields, in run order
     * @param rounds     how many rounds ran
     * @param started    when the run started
     * @param ended      when the last run ended
     * @param loadBefore the load average at the start
     * @param loadAfter  the load average at the end
     * @param roundLoads each round's load average, "before -> after"
     * @param java       the java the children ran on
     * @param argLine    the flags
     */
    public record Facts(List<Map<String, String>> lines, int rounds, Instant started, Instant ended, String loadBefore,
                        String loadAfter, List<String> roundLoads, String java, String argLine) {

        /** The report's load-average bullet, with its line end. */
        public String loadAverageLine() {
            return "- Load average (1, 5, 15 min) before " + loadBefore + ", after " + loadAfter + "; per round "
                    + String.join("; ", roundLoads) + ".\n";
        }

        /** Seconds from the start to the end. */
        public long tookSeconds() {
            return ChronoUnit.SECONDS.between(started, ended);
        }
    }

    /**
     * The client to run in {@code slot}'s turn of {@code round} when the order rotates each round:
     * the slot's position, shifted by the round, so no client always runs first or last.
     */
    public static String rotated(List<String> clients, String slot, int round) {
        return clients.get((clients.indexOf(slot) + round - 1) % clients.size());
    }

    /** One run: a client in a round. */
    @FunctionalInterface
    public interface RunBody {
        /**
         * Runs {@code client} in {@code round}; {@code last} is true for the last run of the last
         * round (nothing to prepare for a next one).
         */
        void run(int round, String client, boolean last) throws Exception;
    }

    /** What the coordinator does with a forked child; null means "no result" (the child is then killed). */
    @FunctionalInterface
    public interface Conversation {
        /** Talks to {@code child}; its result line, or null. */
        String converse(Child child) throws Exception;
    }

    private final String title;
    private final Path outDir;
    private final PrintStream results;
    private final List<Map<String, String>> lines = new ArrayList<>();
    private final List<String> roundLoads = new ArrayList<>();
    private final Instant started = Instant.now();
    private final long t0 = System.nanoTime();
    private final String java = ProcessHandle.current().info().command().orElse("java");
    private String loadBefore = "?";
    private volatile Child current;

    /**
     * Creates {@code <mode>-out/<UTC time>/logs} under the working directory; a child still
     * running when this JVM exits is killed.
     *
     * @param title the coordinator's name, for the header ("ClusterCompare")
     * @param mode  the output directory's prefix ("cluster")
     */
    public SideBySideRun(String title, String mode) throws IOException {
        this.title = title;
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started);
        this.outDir = Path.of(mode + "-out", stamp).toAbsolutePath();
        Files.createDirectories(outDir.resolve("logs"));
        this.results = new PrintStream(Files.newOutputStream(outDir.resolve("results.txt")), true,
                StandardCharsets.UTF_8);
        Child.killOnShutdown(() -> current);
    }

    /** Prints {@code line} on stdout and into results.txt. */
    public void out(String line) {
        System.out.println(line);
        System.out.flush();
        results.println(line);
    }

    /** The header: the coordinator and its flags, the settings, java and the clients' versions, the load average. */
    public void header(String argLine, Object settings) {
        out("# " + title + (argLine.isBlank() ? "" : " " + argLine) + " " + settings);
        out("# java " + java + " (" + System.getProperty("java.runtime.version") + "); " + Compare.versions());
        loadBefore = Compare.loadAverage();
        out("# load average " + loadBefore + ", output in " + outDir);
    }

    /**
     * Runs {@code flags.rounds()} interleaved rounds of {@code body}; without {@code rounds N} it
     * stops before a round that would pass {@code budgetS} seconds since the start, and says so.
     *
     * @return how many rounds ran
     */
    public int rounds(Flags flags, long budgetS, RunBody body) throws Exception {
        int done = 0;
        for (int round = 1; round <= flags.rounds(); round++) {
            if (round > 1 && !flags.roundsGiven()) {
                double elapsedS = (System.nanoTime() - t0) / 1e9;
                double perRoundS = elapsedS / (round - 1);
                if (elapsedS + perRoundS > budgetS) {
                    out(String.format(Locale.ROOT, "# stopping after %d rounds: another (~%.0f s) would pass"
                            + " the %d s budget (give --rounds N to insist)", round - 1, perRoundS, budgetS));
                    break;
                }
            }
            String load = Compare.loadAverage();
            for (String client : flags.clients()) {
                boolean last = round == flags.rounds() && client.equals(flags.clients().getLast());
                body.run(round, client, last);
            }
            roundLoads.add(load + " -> " + Compare.loadAverage());
            done = round;
        }
        return done;
    }

    /** The java of this JVM, which the children run on too. */
    public String java() {
        return java;
    }

    /** {@code logs/<name>} in the output directory. */
    public Path log(String name) {
        return outDir.resolve("logs").resolve(name);
    }

    /** The output directory. */
    public Path outDir() {
        return outDir;
    }

    /**
     * Forks {@code java <jvmOptions> -cp <this class path> <main> <args>} with its stderr in
     * {@code log}, lets {@code conversation} talk to it, and ends it: killed if the conversation
     * gave no result, else given a few seconds to exit.
     *
     * @return the conversation's result line, or null
     */
    public String fork(List<String> jvmOptions, Class<?> main, List<String> args, Path log,
                       Conversation conversation) throws Exception {
        return fork(List.of(), jvmOptions, main, args, log, conversation);
    }

    /**
     * As {@link #fork(List, Class, List, Path, Conversation)}, with {@code prefix} before the java
     * command (e.g. {@code strace ... -o file}); the child's kill ends what it started too.
     */
    public String fork(List<String> prefix, List<String> jvmOptions, Class<?> main, List<String> args, Path log,
                       Conversation conversation) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(java);
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(args);
        try (Child child = new Child(cmd, log)) {
            current = child;
            String line = conversation.converse(child);
            if (line == null) {
                child.kill();
            }
            return line;
        } finally {
            current = null;
        }
    }

    /** Prints a run's result line (with {@code round=N} appended) and keeps its fields for the summary. */
    public void result(String line, int round) {
        String l = line + " round=" + round;
        out(l);
        lines.add(Compare.parse(l));
    }

    /** The facts for the report, with the load average now; {@code rounds} as {@link #rounds} returned. */
    public Facts facts(int rounds, String argLine) {
        return new Facts(lines, rounds, started, Instant.now(), loadBefore, Compare.loadAverage(), roundLoads, java,
                argLine);
    }

    /** The result lines' fields, in run order. */
    public List<Map<String, String>> lines() {
        return lines;
    }

    /** The load average when the header was printed. */
    public String loadBefore() {
        return loadBefore;
    }

    /** Each round's load average, "before -> after". */
    public List<String> roundLoads() {
        return roundLoads;
    }

    /** When this run started. */
    public Instant started() {
        return started;
    }

    /** Prints {@code markdown} after a blank line, writes it to summary.md, prints the elapsed time and closes results.txt. */
    public void finish(String markdown) throws IOException {
        out("");
        markdown.lines().forEach(this::out);
        Files.writeString(outDir.resolve("summary.md"), markdown, StandardCharsets.UTF_8);
        out("# elapsed " + ChronoUnit.SECONDS.between(started, Instant.now()) + " s; results in " + outDir);
        results.close();
    }
}
