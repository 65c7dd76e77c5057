package io.github.domainsnapshot.profile;

import io.github.domainsnapshot.LibvirtVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The profile's data files: UTF-8 text, one entry a line, fields parted by blanks, the last field
 * taking the rest of the line; '#' begins a comment line. A file that does not read is a bug of
 * the build, not of a user's input: it fails loudly, naming the file and line.
 */
final class DataLines {
    private DataLines() {}

    /** One line of a data file: its fields, and where it is for messages. */
    record Line(String resource, int number, List<String> fields) {
        String field(int i) {
            return i < fields.size() ? fields.get(i) : "";
        }

        IllegalStateException error(String what) {
            return new IllegalStateException(resource + ":" + number + ": " + what);
        }

        LibvirtVersion version(int i) {
            String text = field(i);
            if (text.equals("-")) {
                return null;
            }
            try {
                return LibvirtVersion.parse(text);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }
    }

    /**
     * @param resource a file beside this class
     * @param fields how many fields a line has, the last one the rest of the line
     * @return its lines, comments and blank lines left out
     */
    static List<Line> read(String resource, int fields) {
        InputStream in = DataLines.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing profile data " + resource);
        }
        List<Line> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String text;
            int number = 0;
            while ((text = r.readLine()) != null) {
                number++;
                if (text.isBlank() || text.stripLeading().startsWith("#")) {
                    continue;
                }
                out.add(new Line(resource, number, split(text.strip(), fields)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read profile data " + resource, e);
        }
        return out;
    }

    private static List<String> split(String text, int fields) {
        List<String> out = new ArrayList<>(fields);
        int i = 0;
        while (i < text.length() && out.size() < fields - 1) {
            int end = i;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            out.add(text.substring(i, end));
            i = end;
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
        }
        if (i < text.length()) {
            out.add(text.substring(i));
        }
        return out;
    }
}
