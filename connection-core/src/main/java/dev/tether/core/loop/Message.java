package dev.tether.core.loop;

/**
 * What the mailbox carries. Loop-internal. The kinds are the records of {@link Mail}: they are
 * nested in a class rather than in this interface because members of an interface are always
 * public, and the engine stays package-private.
 */
sealed interface Message permits Mail.Call, Mail.Cast, Mail.Info, Mail.BackoffFire, Mail.IdleFire, Mail.Delayed {
}
