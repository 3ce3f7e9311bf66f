package io.cachette.samples;

import io.cachette.hibernate.internal.RegionFactorySettings;
import io.cachette.jcache.configuration.SettingsParser;
import io.cachette.store.StoreFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * README's settings tables are the one documented list of settings: each table names exactly the keys its
 * parser accepts, so a key added to a parser without documentation, or documented but refused, fails here.
 */
class SettingsDocumentationTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern BRACES = Pattern.compile("^(.*)\\{([^}]*)}(.*)$");

    @Test
    void readme_cachetteTable_namesExactlyTheKeysTheParserAccepts() throws IOException {
        assertEquals(new TreeSet<>(SettingsParser.SETTING_NAMES), documented("### `cachette.*` keys", ""));
    }

    @Test
    void readme_memcachedTable_namesExactlyTheKeysTheBackendAccepts() throws IOException {
        StoreFactory memcached = ServiceLoader.load(StoreFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(factory -> factory.scheme().equals("memcached")).findFirst().orElseThrow();

        assertEquals(new TreeSet<>(memcached.settingKeys()),
                documented("### `cachette.memcached.*` keys", "cachette.memcached."));
    }

    @Test
    void readme_hibernateTable_namesExactlyTheKeysTheRegionFactoryAccepts() throws IOException {
        assertEquals(new TreeSet<>(RegionFactorySettings.SETTING_NAMES),
                documented("## Hibernate second-level cache", ""));
    }

    @Test
    void readme_cachetteKeys_areNotRefusedByTheParser() throws IOException {
        SettingsParser parser = new SettingsParser(Set.of("memcached"));
        for (String key : documented("### `cachette.*` keys", "")) {
            String concrete = key.replace("<name>", "books");
            assertNotUnknown(key, () -> parser.validate(Map.of(concrete, "1")));
        }
    }

    @Test
    void readme_hibernateKeys_areNotRefusedByTheRegionFactory() throws IOException {
        for (String key : documented("## Hibernate second-level cache", "")) {
            String concrete = key.replace("<region>", "Book").replace("<setting>", "max-entries");
            assertNotUnknown(key, () -> RegionFactorySettings.parse(Map.of(concrete, "1"), region -> region,
                    name -> null));
        }
    }

    private static void assertNotUnknown(String key, Runnable parse) {
        try {
            parse.run();
        } catch (IllegalArgumentException e) {
            assertFalse(String.valueOf(e.getMessage()).startsWith("Unknown setting"),
                    "README documents " + key + " but the parser refuses it: " + e.getMessage());
        }
    }

    /**
     * The keys of the first table after the heading {@code heading}: every code span of each row's first cell,
     * braces expanded ({@code a.{b,c}} is {@code a.b} and {@code a.c}), {@code prefix} put before each.
     */
    private static Set<String> documented(String heading, String prefix) throws IOException {
        List<String> lines = Files.readAllLines(README);
        int at = lines.indexOf(heading);
        if (at < 0) {
            throw new AssertionError("README has no heading '" + heading + "'");
        }
        while (at < lines.size() && !lines.get(at).startsWith("|")) {
            at++;
        }
        Set<String> keys = new TreeSet<>();
        for (int row = at + 2; row < lines.size() && lines.get(row).startsWith("|"); row++) {
            String firstCell = lines.get(row).split("\\|")[1];
            Matcher code = CODE.matcher(firstCell);
            while (code.find()) {
                for (String key : expand(code.group(1))) {
                    keys.add(prefix + key);
                }
            }
        }
        return keys;
    }

    private static List<String> expand(String key) {
        Matcher braces = BRACES.matcher(key);
        if (!braces.matches()) {
            return List.of(key);
        }
        List<String> expanded = new ArrayList<>();
        for (String part : braces.group(2).split(",")) {
            expanded.addAll(expand(braces.group(1) + part.trim() + braces.group(3)));
        }
        return expanded;
    }
}
