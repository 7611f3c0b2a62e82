package dev.tether.examples.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How every line of the demo shows times, durations and counts. */
final class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private Formats() {
    }

    /** A wall-clock time of day, to the millisecond (the resolution of redis-server's log). */
    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** {@code 850 ms} below two seconds, then {@code 3.02 s}, or {@code 30 s} when whole. */
    static String duration(Duration d) {
        long millis = d.toMillis();
        if (millis < 2000) {
            return millis + " ms";
        }
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }

    /** A count with thousands separators: {@code 190,237}. */
    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
