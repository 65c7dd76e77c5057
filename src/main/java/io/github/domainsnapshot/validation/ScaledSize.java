package io.github.domainsnapshot.validation;

import io.github.domainsnapshot.model.ScaledInteger;
import java.math.BigInteger;
import java.util.Locale;

/** libvirt's scaled integers ({@code <max_size unit='KiB'>64</max_size>}): checking and converting to bytes. */
final class ScaledSize {
    private static final BigInteger MAX = new BigInteger("18446744073709551615");
    private static final int MAX_DIGITS = MAX.toString().length();
    private static final String XPATH = "./driver/metadata_cache/max_size";

    private ScaledSize() {}

    private static final MessageKey NOT_A_NUMBER = MessageKey.of(Rule.DISK_MAX_SIZE, "value");
    private static final MessageKey UNKNOWN_SUFFIX = MessageKey.of(Rule.DISK_MAX_SIZE, "suffix");
    private static final MessageKey TOO_LARGE = MessageKey.of(Rule.DISK_MAX_SIZE, "overflow");

    /** libvirt's refusal of a size: its message, with the values it names. */
    record Bad(MessageKey key, Object... values) {}

    /** @return libvirt's refusal of a bad size, or null when libvirt takes it */
    static Bad problem(ScaledInteger size) {
        String text = size.getValue() == null ? "" : size.getValue().stripLeading();
        if (text.isEmpty()) {
            return null;
        }
        BigInteger value = parse(text);
        if (value == null) {
            return new Bad(NOT_A_NUMBER, "value", size.getValue(), "xpath", XPATH);
        }
        String unit = size.getUnit() == null ? "" : size.getUnit();
        BigInteger scale = scale(unit);
        if (scale == null) {
            return new Bad(UNKNOWN_SUFFIX, "unit", unit);
        }
        if (value.compareTo(MAX.divide(scale)) > 0) {
            return new Bad(TOO_LARGE, "value", value, "unit", unit);
        }
        return null;
    }

    /** @return the size in bytes (0 when empty); only for sizes {@link #problem} accepts */
    static long bytes(ScaledInteger size) {
        String text = size.getValue() == null ? "" : size.getValue().stripLeading();
        if (text.isEmpty()) {
            return 0;
        }
        BigInteger value = parse(text);
        BigInteger scale = scale(size.getUnit() == null ? "" : size.getUnit());
        if (value == null || scale == null) {
            throw new IllegalArgumentException("not a size libvirt takes: " + size.getValue() + ' ' + size.getUnit());
        }
        return value.multiply(scale).longValue();
    }

    private static BigInteger parse(String text) {
        // strtoull takes a sign; libvirt takes '+5' as 5
        String digits = text.startsWith("+") ? text.substring(1) : text;
        if (digits.isEmpty()) {
            return null;
        }
        int first = -1;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            if (first < 0 && c != '0') {
                first = i;
            }
        }
        if (first < 0) {
            return BigInteger.ZERO;
        }
        // more digits than the largest value has: beyond it, without making a number of a million
        // digits first (which takes time growing with the square of their count)
        if (digits.length() - first > MAX_DIGITS) {
            return null;
        }
        BigInteger v = new BigInteger(digits.substring(first));
        return v.compareTo(MAX) > 0 ? null : v;
    }

    /** As libvirt's virScaleInteger: bytes, or k/m/g/t/p/e alone or with {@code iB} (1024) or {@code B} (1000). */
    private static BigInteger scale(String unit) {
        String u = unit.toLowerCase(Locale.ROOT);
        if (u.isEmpty() || u.equals("b") || u.equals("byte") || u.equals("bytes")) {
            return BigInteger.ONE;
        }
        int base;
        if (u.length() == 1 || u.substring(1).equals("ib")) {
            base = 1024;
        } else if (u.length() == 2 && u.charAt(1) == 'b') {
            base = 1000;
        } else {
            return null;
        }
        int power = "kmgtpe".indexOf(u.charAt(0)) + 1;
        if (power == 0) {
            return null;
        }
        return BigInteger.valueOf(base).pow(power);
    }
}
