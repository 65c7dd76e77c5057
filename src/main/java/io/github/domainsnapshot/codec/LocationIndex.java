package io.github.domainsnapshot.codec;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Where each element of a document was found, by its path: an immutable map once the reader is
 * done with it. A document may hold a million elements, so an element costs one small object
 * here (its parent, name, index and position) and a slot of an open-addressing table; the path
 * strings are made only when the map is iterated.
 */
final class LocationIndex extends AbstractMap<String, SourceLocation> {
    /** One element: where it is in the tree and in the text. */
    private static final class Entry {
        final Entry parent;
        final String name;
        final int index;
        final int line;
        final int column;
        final int hash;

        Entry(Entry parent, String name, int index, int line, int column) {
            this.parent = parent;
            this.name = name;
            this.index = index;
            this.line = line;
            this.column = column;
            this.hash = hash(parent, name, index);
        }

        String path() {
            StringBuilder b = new StringBuilder();
            append(b);
            return b.toString();
        }

        private void append(StringBuilder b) {
            if (parent != null) {
                parent.append(b);
            }
            b.append('/').append(name);
            if (index > 0) {
                b.append('[').append(index).append(']');
            }
        }
    }

    private Entry[] table = new Entry[64];
    private Entry[] order = new Entry[64];
    private int size;

    private static int hash(Entry parent, String name, int index) {
        int h = (parent == null ? 0 : parent.hash * 31) + name.hashCode() * 17 + index;
        return h ^ (h >>> 16);
    }

    /**
     * Notes an element, unless one is there already at that path.
     *
     * @param parent the entry of its parent, null for the root
     * @param name its local name
     * @param index its index in paths, 0 for none
     * @return its entry, to give as the parent of its children
     */
    Object note(Object parent, String name, int index, int line, int column) {
        Entry p = (Entry) parent;
        Entry found = find(p, name, index);
        if (found != null) {
            return found;
        }
        if (size * 2 >= table.length) {
            grow();
        }
        Entry e = new Entry(p, name, index, line, column);
        insert(table, e);
        if (size == order.length) {
            order = java.util.Arrays.copyOf(order, size * 2);
        }
        order[size++] = e;
        return e;
    }

    private Entry find(Entry parent, String name, int index) {
        int h = hash(parent, name, index);
        int mask = table.length - 1;
        for (int i = h & mask; table[i] != null; i = (i + 1) & mask) {
            Entry e = table[i];
            if (e.hash == h && e.parent == parent && e.index == index && e.name.equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static void insert(Entry[] table, Entry e) {
        int mask = table.length - 1;
        int i = e.hash & mask;
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = e;
    }

    private void grow() {
        Entry[] bigger = new Entry[table.length * 2];
        for (int i = 0; i < size; i++) {
            insert(bigger, order[i]);
        }
        table = bigger;
    }

    /** The entry at a path such as {@code /domainsnapshot/disks/disk[2]}, or null. */
    private Entry lookup(String path) {
        if (!path.startsWith("/")) {
            return null;
        }
        Entry at = null;
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            String step = path.substring(start, end);
            int index = 0;
            int bracket = step.indexOf('[');
            if (bracket > 0 && step.endsWith("]")) {
                try {
                    index = Integer.parseInt(step.substring(bracket + 1, step.length() - 1));
                } catch (NumberFormatException e) {
                    return null;
                }
                step = step.substring(0, bracket);
            }
            at = find(at, step, index);
            if (at == null) {
                return null;
            }
            start = end + 1;
        }
        return at;
    }

    @Override
    public SourceLocation get(Object key) {
        Entry e = key instanceof String path ? lookup(path) : null;
        return e == null ? null : new SourceLocation(e.line, e.column);
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String path && lookup(path) != null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Map.Entry<String, SourceLocation>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, SourceLocation>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Map.Entry<String, SourceLocation> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        Entry e = order[next++];
                        return new SimpleImmutableEntry<>(e.path(), new SourceLocation(e.line, e.column));
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
