package dev.tether.testkit;

import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension failing any test that leaves a connection loop, socket reader or socket
 * behind (see {@link LeakCheck}). Use {@code @ExtendWith(LeakCheckExtension.class)}; it waits up
 * to 5 seconds for stops to finish before it fails.
 */
public final class LeakCheckExtension implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LeakCheckExtension.class);
    private static final Duration GRACE = Duration.ofSeconds(5);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("baseline", LeakCheck.baseline());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        LeakCheck.Baseline baseline = context.getStore(NAMESPACE).get("baseline", LeakCheck.Baseline.class);
        if (baseline != null) {
            baseline.assertNoLeaks(GRACE);
        }
    }
}
