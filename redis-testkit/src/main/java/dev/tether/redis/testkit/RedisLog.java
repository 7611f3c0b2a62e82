package dev.tether.redis.testkit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads redis-server's log file. A line looks like
 * {@code 4292:M 24 Nov 2026 01:36:06.836 * Ready to accept connections}: pid, role letter, the
 * local time as {@code strftime("%d %b %Y %H:%M:%S.")} plus milliseconds (C locale, the machine's
 * time zone), a level mark, the message.
 */
final class RedisLog {

    private static final Pattern LINE = Pattern.compile(
            "^(\\d+):[A-Za-z] (\\d{1,2} [A-Za-z]{3} \\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}) [.\\-*#] (.*)$");

    static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("d MMM yyyy HH:mm:ss.SSS")
            .toFormatter(Locale.ENGLISH);

    private static final String STARTING = "Redis is starting";
    private static final String READY = "ready to accept connections";
    private static final String SENTINEL_READY = "Sentinel ID is ";

    private RedisLog() {}

    /**
     * Whether the line says the server accepts connections (TCP or unix socket, any 7.x wording),
     * or, for a Sentinel, which never says so, that it is running ("Sentinel ID is ...").
     */
    static boolean isReadyLine(String line) {
        return line.toLowerCase(Locale.ROOT).contains(READY) || line.contains(SENTINEL_READY);
    }

    /** Whether the line is the banner each process start writes first. */
    static boolean isStartingLine(String line) {
        return line.contains(STARTING);
    }

    /** The pid that wrote a line, if it has the usual prefix. */
    static Optional<Long> pid(String line) {
        Matcher matcher = LINE.matcher(line);
        return matcher.matches() ? Optional.of(Long.parseLong(matcher.group(1))) : Optional.empty();
    }

    /** The time stamp of a line, read in {@code zone}; empty for lines without one. */
    static Optional<Instant> timestamp(String line, ZoneId zone) {
        Matcher matcher = LINE.matcher(line);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(matcher.group(2), TIMESTAMP).atZone(zone).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The time of the first "ready" line after each "Redis is starting" banner, in order: one entry
     * per process start that became ready (a server listening on TCP and a unix socket logs two
     * ready lines per start).
     */
    static List<Instant> readyTimes(List<String> lines, ZoneId zone) {
        List<Instant> times = new ArrayList<>();
        boolean armed = true;
        for (String line : lines) {
            if (isStartingLine(line)) {
                armed = true;
            } else if (armed && isReadyLine(line)) {
                Optional<Instant> time = timestamp(line, zone);
                if (time.isPresent()) {
                    times.add(time.get());
                    armed = false;
                }
            }
        }
        return times;
    }

    /** All lines of a file (empty if it does not exist); malformed UTF-8 is replaced, not fatal. */
    static List<String> lines(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new RedisServerException("cannot read " + file, e);
        }
    }

    /** The last {@code count} lines of a file joined with newlines. */
    static String tail(Path file, int count) {
        List<String> lines = lines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /** The lines written after byte {@code offset}. */
    static List<String> linesFrom(Path file, long offset) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length <= offset) {
                return List.of();
            }
            byte[] bytes = new byte[Math.toIntExact(length - offset)];
            in.seek(offset);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        } catch (java.io.FileNotFoundException e) {
            return List.of();
        } catch (IOException e) {
            throw new RedisServerException("cannot read " + file, e);
        }
    }

    /** The size of a file, 0 if it does not exist. */
    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
