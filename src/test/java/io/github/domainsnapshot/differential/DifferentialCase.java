package io.github.domainsnapshot.differential;

import io.github.domainsnapshot.CreateFlag;
import io.github.domainsnapshot.validation.DomainState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One request put to both sides: the domain's state, the create flags and the document, with the
 * steps that made it.
 *
 * <p>Kept as a {@code .case} file: header lines ({@code state:}, {@code flags:} as the command
 * line names them, comma-separated, {@code steps:}; lines starting with {@code #} are comments),
 * a line {@code ---}, then the document exactly as sent, to the end of the file.
 */
record DifferentialCase(String origin, DomainState state, Set<CreateFlag> flags, List<String> steps, String xml) {
    static final String SEPARATOR = "---";

    DifferentialCase {
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
        steps = List.copyOf(steps);
    }

    int flagMask() {
        return CreateFlag.toMask(flags);
    }

    String flagNames() {
        return flags.stream().sorted().map(CreateFlag::cliName).collect(Collectors.joining(","));
    }

    String stepsLine() {
        return String.join(" | ", steps);
    }

    /** The case as a {@code .case} file, with comment lines first. */
    String format(List<String> comments) {
        StringBuilder b = new StringBuilder();
        for (String c : comments) {
            for (String line : c.split("\n", -1)) {
                b.append("# ").append(line).append('\n');
            }
        }
        b.append("state: ").append(state.libvirtName()).append('\n');
        b.append("flags: ").append(flagNames()).append('\n');
        b.append("steps: ").append(oneLine(stepsLine())).append('\n');
        b.append(SEPARATOR).append('\n');
        return b.append(xml).toString();
    }

    /** Reads a {@code .case} file. */
    static DifferentialCase parse(String origin, String text) {
        int at = 0;
        DomainState state = DomainState.RUNNING;
        Set<CreateFlag> flags = EnumSet.noneOf(CreateFlag.class);
        List<String> steps = new ArrayList<>();
        while (true) {
            int end = text.indexOf('\n', at);
            if (end < 0) {
                throw new IllegalArgumentException(origin + ": no line '" + SEPARATOR + "' before the document");
            }
            String line = text.substring(at, end);
            at = end + 1;
            if (line.equals(SEPARATOR)) {
                break;
            }
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(origin + ": not a header line: " + line);
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "state" -> state = DomainState.fromName(value);
                case "flags" -> {
                    for (String f : value.split(",")) {
                        if (!f.isBlank()) {
                            flags.add(CreateFlag.fromCliName(f));
                        }
                    }
                }
                case "steps" -> steps.add(value);
                default -> throw new IllegalArgumentException(origin + ": unknown header '" + key + "'");
            }
        }
        return new DifferentialCase(origin, state, flags, steps, text.substring(at));
    }

    static String oneLine(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }

    @Override
    public String toString() {
        return origin + " [" + state.libvirtName() + "; flags " + (flags.isEmpty() ? "none" : flagNames()) + "]";
    }
}
