package io.github.domainsnapshot.model;

/**
 * Conveniences of {@link Source} over its generated accessors.
 *
 * <p>Like every accessor of the model, these return {@code null} for what is absent. {@link
 * #path()} is derived, not a bean-style getter: tools that map beans (Jackson, bean introspection)
 * would otherwise see a property that cannot be set.
 */
public interface SourceShortcuts {
    /**
     * The file of a {@code type='file'} source, as {@link Source#getFile()} gives it.
     *
     * @return the path, or {@code null} when absent
     */
    String getFile();

    /**
     * The device of a {@code type='block'} source, as {@link Source#getDev()} gives it.
     *
     * @return the path, or {@code null} when absent
     */
    String getDev();

    /**
     * The volume of a {@code type='network'} source, as {@link Source#getName()} gives it.
     *
     * @return the name, or {@code null} when absent
     */
    String getName();

    /**
     * What names the overlay, whatever the kind of source: its {@code file}, else its {@code dev},
     * else its network volume's {@code name} (such as {@code pool/image} for rbd). libvirt reads
     * the one its disk's {@code type} says; a source written by libvirt holds only that one.
     *
     * @return the path or volume name, or {@code null} when the source names none
     */
    default String path() {
        String file = getFile();
        if (file != null) {
            return file;
        }
        String dev = getDev();
        return dev != null ? dev : getName();
    }
}
