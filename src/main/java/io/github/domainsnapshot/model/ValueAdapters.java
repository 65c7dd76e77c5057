package io.github.domainsnapshot.model;

import jakarta.xml.bind.annotation.adapters.XmlAdapter;

/**
 * The binding's adapters between the text of the document and the model's value types (named
 * in domainsnapshot.xjb). Each keeps the text exactly as written, both ways.
 */
final class ValueAdapters {
    private ValueAdapters() {}

    static final class State extends XmlAdapter<String, SnapshotState> {
        @Override
        public SnapshotState unmarshal(String text) {
            return text == null ? null : SnapshotState.of(text);
        }

        @Override
        public String marshal(SnapshotState value) {
            return value == null ? null : value.value();
        }
    }

    static final class MemoryMode extends XmlAdapter<String, MemorySnapshotMode> {
        @Override
        public MemorySnapshotMode unmarshal(String text) {
            return text == null ? null : MemorySnapshotMode.of(text);
        }

        @Override
        public String marshal(MemorySnapshotMode value) {
            return value == null ? null : value.value();
        }
    }

    static final class DiskMode extends XmlAdapter<String, DiskSnapshotMode> {
        @Override
        public DiskSnapshotMode unmarshal(String text) {
            return text == null ? null : DiskSnapshotMode.of(text);
        }

        @Override
        public String marshal(DiskSnapshotMode value) {
            return value == null ? null : value.value();
        }
    }

    static final class Type extends XmlAdapter<String, DiskType> {
        @Override
        public DiskType unmarshal(String text) {
            return text == null ? null : DiskType.of(text);
        }

        @Override
        public String marshal(DiskType value) {
            return value == null ? null : value.value();
        }
    }

    static final class Format extends XmlAdapter<String, DriverFormat> {
        @Override
        public DriverFormat unmarshal(String text) {
            return text == null ? null : DriverFormat.of(text);
        }

        @Override
        public String marshal(DriverFormat value) {
            return value == null ? null : value.value();
        }
    }

    static final class Time extends XmlAdapter<String, CreationTime> {
        @Override
        public CreationTime unmarshal(String text) {
            return text == null ? null : CreationTime.of(text);
        }

        @Override
        public String marshal(CreationTime value) {
            return value == null ? null : value.value();
        }
    }
}
