package io.github.domainsnapshot.model;

/**
 * Conveniences of {@link DomainSnapshot} over its generated accessors.
 *
 * <p>Like every accessor of the model, these return {@code null} for what is absent. The name is
 * read with {@link #parentName()}, not a bean-style getter: it is a view of {@code <parent>}, and
 * tools that map beans (Jackson, bean introspection) would otherwise see a second property.
 */
public interface DomainSnapshotShortcuts {
    /**
     * The snapshot's parent, as {@link DomainSnapshot#getParent()} gives it.
     *
     * @return the {@code <parent>}, or {@code null} when absent
     */
    Parent getParent();

    /**
     * Sets the snapshot's parent, as {@link DomainSnapshot#setParent(Parent)} does.
     *
     * @param value the {@code <parent>}, or {@code null} for none
     */
    void setParent(Parent value);

    /**
     * The name of the snapshot's parent ({@code <parent><name>}), which libvirt records for a
     * snapshot taken while another was current.
     *
     * @return the name, or {@code null} when there is no parent or it has no name
     */
    default String parentName() {
        Parent parent = getParent();
        return parent == null ? null : parent.getName();
    }

    /**
     * Sets the parent by name: a new {@code <parent>} holding only that name, in place of any
     * other.
     *
     * @param name the parent snapshot's name; {@code null} removes the parent
     */
    default void setParentName(String name) {
        if (name == null) {
            setParent(null);
        } else {
            Parent parent = new Parent();
            parent.setName(name);
            setParent(parent);
        }
    }
}
