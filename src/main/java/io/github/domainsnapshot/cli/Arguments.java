package io.github.domainsnapshot.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One command's arguments, read the same way for every command: an option that takes a value as
 * {@code --option VALUE} or {@code --option=VALUE}, a switch as {@code --switch}, {@code -h} for
 * {@code --help}, {@code -} for standard input, and {@code --} before files whose names start
 * with a dash. Anything else that starts with a dash is an unknown option, not a file.
 */
final class Arguments {
    /** A command line that cannot be run as it is: exit code 2, with what is wrong. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, List<String>> values = new HashMap<>();
    private final Set<String> switches = new HashSet<>();
    private final List<String> files = new ArrayList<>();

    private Arguments() {}

    /**
     * @param args the command's arguments, after its name
     * @param valued the options that take a value
     * @param switchNames the options that take none ({@code --help} is always one)
     * @return the arguments
     * @throws UsageException for an unknown option, a missing value, or a value given to a switch
     */
    static Arguments parse(List<String> args, Set<String> valued, Set<String> switchNames) throws UsageException {
        Arguments parsed = new Arguments();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (optionsEnded || a.equals("-") || !a.startsWith("-")) {
                parsed.files.add(a);
                continue;
            }
            if (a.equals("--")) {
                optionsEnded = true;
                continue;
            }
            String option = a.equals("-h") ? "--help" : a;
            int equals = option.indexOf('=');
            String name = equals < 0 ? option : option.substring(0, equals);
            if (valued.contains(name)) {
                String value;
                if (equals >= 0) {
                    value = option.substring(equals + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException(name + " needs a value");
                }
                parsed.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else if (name.equals("--help") || switchNames.contains(name)) {
                if (equals >= 0) {
                    throw new UsageException(name + " takes no value");
                }
                parsed.switches.add(name);
            } else {
                throw new UsageException("unknown option '" + name + "'");
            }
        }
        return parsed;
    }

    /** @return whether the switch was given */
    boolean has(String switchName) {
        return switches.contains(switchName);
    }

    /** @return the option's value, the last one where it was given more than once */
    Optional<String> value(String option) {
        List<String> all = values.get(option);
        return all == null ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** @return every value given to the option, in order */
    List<String> values(String option) {
        return values.getOrDefault(option, List.of());
    }

    /**
     * @param option the option that names a file
     * @param value its value
     * @return the value as a path
     * @throws UsageException when it is empty or cannot name a file on this system
     */
    static Path path(String option, String value) throws UsageException {
        if (value.isEmpty()) {
            throw new UsageException(option + " needs a file name");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new UsageException(option + " needs a file name: " + e.getMessage());
        }
    }

    /** @return the files, in order */
    List<String> files() {
        return files;
    }

    /**
     * @return the files
     * @throws UsageException when standard input ({@code -}) is named more than once: it can be read once
     */
    List<String> filesReadingStandardInputOnce() throws UsageException {
        if (files.stream().filter("-"::equals).count() > 1) {
            throw new UsageException("'-' (standard input) is given more than once, but can be read only once");
        }
        return files;
    }
}
