package dev.tether.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.Connection;
import dev.tether.core.Tether;
import dev.tether.redis.RedisClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The binding resolves on the module path next to Micrometer's automatic module and exports only its API. */
class ModulePathTest {

    private static Path locationOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void micrometerModuleExportsOnlyItsApiAndReadsRedisAndMicrometerTransitively() throws Exception {
        ModuleFinder finder = ModuleFinder.of(locationOf(Connection.class), locationOf(Tether.class),
                locationOf(RedisClient.class), locationOf(org.slf4j.Logger.class), locationOf(MeterRegistry.class),
                locationOf(TetherMetrics.class));
        Configuration config = ModuleLayer.boot().configuration()
                .resolve(finder, ModuleFinder.of(), Set.of("dev.tether.micrometer"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(config, ClassLoader.getPlatformClassLoader());
        ModuleDescriptor descriptor = layer.findModule("dev.tether.micrometer").orElseThrow().getDescriptor();
        Set<String> exports = descriptor.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        assertEquals(Set.of("dev.tether.micrometer"), exports);
        assertEquals(exports, descriptor.packages(), "the engine is package-private in the API package");
        Set<String> transitive = descriptor.requires().stream()
                .filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE))
                .map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertTrue(transitive.containsAll(Set.of("dev.tether.redis", "micrometer.core")), transitive.toString());
    }
}
