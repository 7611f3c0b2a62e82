package dev.tether.testkit.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.connection.Connection;
import dev.tether.core.Tether;
import dev.tether.testkit.FakeTime;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Surefire runs the tests on the class path; this one loads the library modules on the module
 * path, in a layer of their own, to prove the module descriptors resolve and export only the API.
 */
class ModulePathTest {

    private static Path locationOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static ModuleLayer layer() throws URISyntaxException {
        ModuleFinder finder = ModuleFinder.of(locationOf(Connection.class), locationOf(Tether.class),
                locationOf(FakeTime.class), locationOf(org.slf4j.Logger.class));
        Configuration config = ModuleLayer.boot().configuration()
                .resolve(finder, ModuleFinder.of(), Set.of("dev.tether.testkit"));
        return ModuleLayer.boot().defineModulesWithOneLoader(config, ClassLoader.getPlatformClassLoader());
    }

    @Test
    void modulesResolveOnTheModulePathAndExportOnlyTheirApi() throws Exception {
        ModuleLayer layer = layer();
        assertEquals(Set.of("dev.tether.connection"), exports(layer, "dev.tether.connection"));
        assertEquals(Set.of("dev.tether.core", "dev.tether.core.net", "dev.tether.core.pipe"), exports(layer, "dev.tether.core"));
        assertEquals(Set.of("dev.tether.testkit", "dev.tether.testkit.chaos"), exports(layer, "dev.tether.testkit"));
        Module core = layer.findModule("dev.tether.core").orElseThrow();
        assertTrue(core.getPackages().contains("dev.tether.core.loop"), "the engine package is in the module");
        assertFalse(core.isExported("dev.tether.core.loop"), "the engine package must not be exported");
    }

    @Test
    void theRuntimeRunsFromTheModuleLayer() throws Exception {
        ModuleLayer layer = layer();
        Class<?> tether = layer.findLoader("dev.tether.core").loadClass("dev.tether.core.Tether");
        assertEquals(layer.findModule("dev.tether.core").orElseThrow(), tether.getModule());
        Object live = tether.getMethod("liveResources").invoke(null);
        assertEquals("dev.tether.core.LiveResources", live.getClass().getName());
    }

    private static Set<String> exports(ModuleLayer layer, String module) {
        return layer.findModule(module).orElseThrow().getDescriptor().exports().stream()
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
    }
}
