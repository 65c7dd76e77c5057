package io.github.domainsnapshot.cli;

/** Just enough JSON writing for the command line's reports: objects, arrays, strings, numbers, null. */
final class Json {
    private final StringBuilder out = new StringBuilder();
    /** Whether a value was just written, so that the next member or element needs a comma. */
    private boolean afterValue;

    /** Opens an object as a top-level value or an array element. */
    Json begin() {
        comma();
        out.append('{');
        afterValue = false;
        return this;
    }

    Json beginObject(String key) {
        key(key);
        out.append('{');
        afterValue = false;
        return this;
    }

    Json end() {
        out.append('}');
        afterValue = true;
        return this;
    }

    Json beginArray(String key) {
        key(key);
        out.append('[');
        afterValue = false;
        return this;
    }

    Json endArray() {
        out.append(']');
        afterValue = true;
        return this;
    }

    Json field(String key, String value) {
        key(key);
        string(value);
        afterValue = true;
        return this;
    }

    Json field(String key, int value) {
        key(key);
        out.append(value);
        afterValue = true;
        return this;
    }

    Json field(String key, boolean value) {
        key(key);
        out.append(value);
        afterValue = true;
        return this;
    }

    /** Writes a string as an array element. */
    Json value(String value) {
        comma();
        string(value);
        afterValue = true;
        return this;
    }

    Json nullField(String key) {
        key(key);
        out.append("null");
        afterValue = true;
        return this;
    }

    private void key(String key) {
        comma();
        string(key);
        out.append(':');
    }

    private void comma() {
        if (afterValue) {
            out.append(',');
        }
        afterValue = false;
    }

    private void string(String s) {
        if (s == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
