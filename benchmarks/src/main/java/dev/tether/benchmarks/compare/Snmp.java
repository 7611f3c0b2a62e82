package dev.tether.benchmarks.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads {@code Tcp: ActiveOpens} (connect() calls that sent a SYN, machine-wide) from /proc/net/snmp. */
final class Snmp {

    private Snmp() {
    }

    static long activeOpens() {
        try {
            return activeOpens(Files.readAllLines(Path.of("/proc/net/snmp")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/net/snmp", e);
        }
    }

    static long activeOpens(List<String> lines) {
        for (int i = 0; i + 1 < lines.size(); i++) {
            String header = lines.get(i);
            String values = lines.get(i + 1);
            if (header.startsWith("Tcp:") && values.startsWith("Tcp:")) {
                String[] names = header.trim().split("\\s+");
                String[] numbers = values.trim().split("\\s+");
                for (int k = 1; k < names.length && k < numbers.length; k++) {
                    if (names[k].equals("ActiveOpens")) {
                        return Long.parseLong(numbers[k]);
                    }
                }
            }
        }
        throw new IllegalStateException("no Tcp: ActiveOpens in /proc/net/snmp");
    }
}
