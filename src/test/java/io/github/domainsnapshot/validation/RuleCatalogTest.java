package io.github.domainsnapshot.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The list of rule ids users read (each constant's Javadoc) is the list the code has. */
class RuleCatalogTest {
    private static final Pattern CONSTANT =
            Pattern.compile("/\\*\\*\\s*\\{@code ([^}]+)\\}:(.*?)\\*/\\s*([A-Z_]+)\\(\"([^\"]+)\"", Pattern.DOTALL);

    @Test
    void everyRulesJavadocBeginsWithItsId() throws Exception {
        String source = Files.readString(Path.of("src/main/java/io/github/domainsnapshot/validation/Rule.java"));
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher m = CONSTANT.matcher(source);
        while (m.find()) {
            assertEquals(m.group(4), m.group(1), "the Javadoc of " + m.group(3) + " names another id");
            assertTrue(!m.group(2).isBlank(), m.group(3) + " says what it means");
            documented.put(m.group(3), m.group(1));
        }
        Map<String, String> actual = new LinkedHashMap<>();
        for (Rule r : Rule.values()) {
            actual.put(r.name(), r.id());
        }
        assertEquals(actual, documented);
    }

    @Test
    void idsAreUniqueAndFindTheirRule() {
        for (Rule r : Rule.values()) {
            assertEquals(Optional.of(r), Rule.fromId(r.id()));
        }
        assertEquals(
                Rule.values().length,
                List.of(Rule.values()).stream().map(Rule::id).distinct().count());
        assertEquals(Optional.empty(), Rule.fromId("no.such-rule"));
        assertEquals(Optional.empty(), Rule.fromId("MEMORY_FILE_ABSOLUTE"), "ids, not constant names");
    }
}
