package dev.tether.examples.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's command line.
 *
 * @param duration how long the workers run
 * @param workers how many workers share the one client
 * @param outages how many times the server is taken away
 * @param outageLength how long each outage lasts (shortened to fit a short run)
 * @param uri an existing Redis server to use instead of starting one, or null
 * @param line whether to run the line-protocol example instead of Redis
 * @param metrics whether to publish the client's metrics through tether-micrometer and print them at the end
 * @param help whether only the usage was asked for
 */
record DemoOptions(Duration duration, int workers, int outages, Duration outageLength, String uri, boolean line,
                   boolean metrics, boolean help) {

    static final String USAGE = """
            usage: ResilienceDemo [--duration SECONDS] [--workers N] [--outages N] [--outage-length SECONDS]
                                  [--uri redis://127.0.0.1:PORT | --line] [--metrics]
              --duration       how long the workers send commands (default 30)
              --workers        concurrent callers sharing ONE client (default 16)
              --outages        how many times the server goes away (default 3)
              --outage-length  seconds each outage lasts, at most (default 3)
              --uri            use an existing Redis server on loopback: outages come from a chaos proxy
                               in front of it and from CLIENT KILL; the server itself is never touched
              --line           the same story with the line-protocol example (LineClient, LineServer)
              --metrics        (Redis modes) bind tether-micrometer to a SimpleMeterRegistry and print
                               latency percentiles per command and failures by reason at the end""";

    /**
     * Parses {@code args}. An argument holding spaces is split first, so that Maven's
     * {@code -Ddemo.args="--duration 10"} works however it is passed on.
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    static DemoOptions parse(String... args) {
        List<String> words = new ArrayList<>();
        for (String arg : args) {
            for (String word : arg.strip().split("\\s+")) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
        }
        Duration duration = Duration.ofSeconds(30);
        Duration outageLength = Duration.ofSeconds(3);
        int workers = 16;
        int outages = 3;
        String uri = null;
        boolean line = false;
        boolean metrics = false;
        for (int i = 0; i < words.size(); i++) {
            String option = words.get(i).toLowerCase(Locale.ROOT);
            switch (option) {
                case "--help", "-h" -> {
                    return new DemoOptions(duration, workers, outages, outageLength, uri, line, metrics, true);
                }
                case "--line" -> line = true;
                case "--metrics" -> metrics = true;
                case "--duration" -> duration = seconds(option, value(words, ++i, option), 1, 3600);
                case "--outage-length" -> outageLength = seconds(option, value(words, ++i, option), 0.1, 600);
                case "--workers" -> workers = (int) number(option, value(words, ++i, option), 1, 1024);
                case "--outages" -> outages = (int) number(option, value(words, ++i, option), 0, 100);
                case "--uri" -> uri = value(words, ++i, option);
                default -> throw new IllegalArgumentException("unknown option " + words.get(i));
            }
        }
        if (line && uri != null) {
            throw new IllegalArgumentException("--line and --uri exclude each other");
        }
        if (line && metrics) {
            throw new IllegalArgumentException("--metrics measures the Redis client: not with --line");
        }
        return new DemoOptions(duration, workers, outages, outageLength, uri, line, metrics, false);
    }

    /** "redis", "redis-uri" or "line": which target runs. */
    String mode() {
        return line ? "line" : uri != null ? "redis-uri" : "redis";
    }

    /**
     * When outage {@code number} (1-based) starts, from the run's start. The run is cut into
     * {@code outages + 1} equal slots and each outage is centred on a boundary, so there is
     * steady load before the first, between each and after the last.
     */
    Duration outageStart(int number) {
        return slot().multipliedBy(number).minus(effectiveOutageLength().dividedBy(2));
    }

    /** The outage length, shortened to half a slot so outages never overlap or run past the end. */
    Duration effectiveOutageLength() {
        Duration half = slot().dividedBy(2);
        return outageLength.compareTo(half) < 0 ? outageLength : half;
    }

    private Duration slot() {
        return duration.dividedBy(outages + 1);
    }

    private static String value(List<String> words, int i, String option) {
        if (i >= words.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return words.get(i);
    }

    private static double number(String option, String text, double min, double max) {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a number, got " + text);
        }
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(option + " must be between " + plain(min) + " and " + plain(max)
                    + ", got " + text);
        }
        return value;
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static Duration seconds(String option, String text, double min, double max) {
        return Duration.ofMillis(Math.round(number(option, text, min, max) * 1000));
    }
}
