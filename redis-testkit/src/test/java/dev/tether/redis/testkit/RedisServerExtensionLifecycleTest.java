package dev.tether.redis.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;

/** Drives the extension by hand to check what JUnit cannot show from inside a class: the close. */
class RedisServerExtensionLifecycleTest {

    @Test
    void the_server_of_a_class_starts_lazily_once_and_is_closed_after_all_its_tests() throws Exception {
        Map<Object, Object> values = new HashMap<>();
        ExtensionContext.Store store = mock(ExtensionContext.Store.class, invocation -> {
            Object key = invocation.getArgument(0);
            return switch (invocation.getMethod().getName()) {
                case "getOrComputeIfAbsent" -> values.computeIfAbsent(key, invocation.<Function<Object, Object>>getArgument(1));
                case "remove" -> values.remove(key);
                default -> throw new UnsupportedOperationException(invocation.getMethod().toString());
            };
        });
        ExtensionContext classContext = mock(ExtensionContext.class);
        when(classContext.getTestMethod()).thenReturn(Optional.empty());
        when(classContext.getStore(any())).thenReturn(store);
        Method testMethod = getClass().getDeclaredMethod("sample", RedisServer.class);
        ExtensionContext methodContext = mock(ExtensionContext.class);
        when(methodContext.getTestMethod()).thenReturn(Optional.of(testMethod));
        when(methodContext.getParent()).thenReturn(Optional.of(classContext));
        ParameterContext parameter = mock(ParameterContext.class);
        when(parameter.getParameter()).thenReturn(testMethod.getParameters()[0]);

        RedisServerExtension extension = RedisServerExtension.configure(builder -> builder.maxClients(7));
        assertTrue(extension.supportsParameter(parameter, methodContext));
        assertTrue(values.isEmpty(), "nothing starts before a parameter asks for it");

        RedisServer server = extension.resolveParameter(parameter, methodContext);
        assertSame(server, extension.resolveParameter(parameter, methodContext));
        assertEquals(java.util.List.of("maxclients", "7"), server.execute("CONFIG", "GET", "maxclients"));
        long pid = server.pid();

        extension.afterAll(classContext);

        assertFalse(server.isRunning());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertFalse(Files.exists(server.dir()));
        assertTrue(values.isEmpty());
    }

    @SuppressWarnings("unused")
    private void sample(RedisServer redis) {
        // only its parameter is used
    }
}
