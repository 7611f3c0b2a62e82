package dev.tether.core.net;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces write deadlines for every open {@link SocketLink}: one daemon thread scans the open
 * links every few milliseconds and aborts a link whose current write has run past its
 * deadline. A write only stamps a volatile start time, so the hot path arms no timer
 * (docs/behaviour-contract.md, 'What Tether adds': a peer that stops reading must not freeze the loop). While no link
 * is open the thread waits without waking, so a process that closed its clients pays nothing.
 *
 * <p>Whether a write is late is decided on the link's own ticker (its owner's, so a test's fake
 * time moves it); only how often the thread looks is real time.
 */
final class WriteWatchdog {

    private static final Logger log = LoggerFactory.getLogger(WriteWatchdog.class);
    private static final long SCAN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final Set<SocketLink> LINKS = ConcurrentHashMap.newKeySet();
    private static final java.util.concurrent.locks.ReentrantLock START = new java.util.concurrent.locks.ReentrantLock();
    private static final java.util.concurrent.locks.Condition OPENED = START.newCondition();
    private static volatile Thread scanner;

    private WriteWatchdog() {
    }

    static void watch(SocketLink link) {
        LINKS.add(link);
        if (scanner == null) {
            startScanner();
        } else {
            START.lock();
            try {
                OPENED.signal(); // wakes a scanner waiting for its first link
            } finally {
                START.unlock();
            }
        }
    }

    static void forget(SocketLink link) {
        LINKS.remove(link);
    }

    private static void startScanner() {
        START.lock();
        try {
            if (scanner != null) {
                return;
            }
            Thread t = new Thread(WriteWatchdog::scanForever, "tether-write-watchdog");
            t.setDaemon(true);
            t.start();
            scanner = t;
        } finally {
            START.unlock();
        }
    }

    private static void scanForever() {
        while (true) {
            START.lock();
            try {
                while (LINKS.isEmpty()) {
                    OPENED.awaitUninterruptibly(); // no link open: no wake-ups at all
                }
            } finally {
                START.unlock();
            }
            LockSupport.parkNanos(SCAN_NANOS); // real time: how often to look, never what is late
            for (SocketLink link : LINKS) {
                try {
                    link.checkWriteDeadline(); // each link reads its own owner's ticker
                } catch (RuntimeException e) {
                    // A user's ticker that throws must not end the scans of every other link.
                    log.warn("write deadline check of {} failed", link, e);
                }
            }
        }
    }
}
