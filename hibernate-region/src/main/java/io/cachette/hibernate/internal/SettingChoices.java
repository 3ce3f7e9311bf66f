package io.cachette.hibernate.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How the region factory's enum settings are written: the constant's name in lower case with {@code -} for
 * {@code _} ({@code create-warn} for {@code CREATE_WARN}), read case-insensitively and trimmed.
 */
final class SettingChoices {

    private SettingChoices() {
    }

    /** The setting value that names {@code constant}. */
    static String nameOf(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant of {@code type} that {@code value} names.
     *
     * @param what the setting's subject in the error message ({@code missing-cache strategy})
     * @throws IllegalArgumentException naming the accepted values
     */
    static <E extends Enum<E>> E parse(Class<E> type, String value, String what) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        List<String> names = Arrays.stream(type.getEnumConstants()).map(SettingChoices::nameOf).toList();
        int index = names.indexOf(wanted);
        if (index >= 0) {
            return type.getEnumConstants()[index];
        }
        String expected = names.size() == 2 ? names.get(0) + " or " + names.get(1)
                : "one of " + String.join(", ", names);
        throw new IllegalArgumentException("unknown " + what + " '" + value + "'; expected " + expected);
    }
}
