package io.cachette.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a library module's compiled descriptor (its {@code module-info.class}), so each module's
 * {@code ModuleDescriptorTest} can pin the packages it exports while the tests themselves run on the class path.
 */
public final class ModuleDescriptors {

    private ModuleDescriptors() {
    }

    /** The descriptor compiled next to {@code member}, a class of the module. */
    public static ModuleDescriptor of(Class<?> member) {
        try {
            Path classes = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
                return ModuleDescriptor.read(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The packages {@code module} exports to every module. */
    public static Set<String> exportedPackages(ModuleDescriptor module) {
        return module.exports().stream().filter(export -> !export.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
    }

    /** The services {@code module} provides, with their implementations. */
    public static Map<String, List<String>> provides(ModuleDescriptor module) {
        return module.provides().stream()
                .collect(Collectors.toMap(ModuleDescriptor.Provides::service, ModuleDescriptor.Provides::providers));
    }
}
