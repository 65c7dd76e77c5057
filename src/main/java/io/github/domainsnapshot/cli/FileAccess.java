package io.github.domainsnapshot.cli;

import io.github.domainsnapshot.SnapshotXmlException;
import io.github.domainsnapshot.SnapshotXmlException.Kind;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the command line uses files. It reads regular files only: a FIFO or a device named as a
 * file would block or never end (standard input is {@code -}). It writes a file whole or not at
 * all: to a new file beside the target, then put in place in one step, so that a failure (a full
 * disk, an error midway) leaves the target as it was and nothing cut off. A file that replaces
 * another is flushed to the disk first, so that even a crash leaves the old file or the new; a
 * new file is not (a flush costs milliseconds a file, and a crash can cost no file that was).
 */
final class FileAccess {
    private FileAccess() {}

    /** Whether an output may take the place of a file that exists. */
    enum Replace {
        /** A file that exists is left as it is: the output fails. */
        NOTHING,
        /** A regular file that exists is replaced, in one step. */
        EXISTING
    }

    /** What an output holds, written to the stream given. */
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * A FILE argument to read.
     *
     * @param file a FILE argument, not {@code -}
     * @return its path
     * @throws SnapshotXmlException ({@code IO}) when it cannot name a file, or names a FIFO, a
     *     device or a socket
     */
    static Path readable(String file) {
        Path path = SnapshotXmlCli.inputPath(file);
        requireReadable(path);
        return path;
    }

    /**
     * Refuses a file that is not a regular file, before it is opened: opening a FIFO waits for a
     * writer, and a device never ends. A directory and a missing file are left to the reader,
     * which says so in its own words.
     *
     * @param file the file
     * @throws SnapshotXmlException ({@code IO}) for a FIFO, a device or a socket
     */
    static void requireReadable(Path file) {
        BasicFileAttributes a = attributes(file, true);
        if (a != null && !a.isRegularFile() && !a.isDirectory()) {
            throw new SnapshotXmlException(
                    Kind.IO, "cannot read " + file + ": " + kindOf(file) + ", not a regular file", -1, -1, null, null);
        }
    }

    /** @return what a file that is not regular is, in words */
    static String kindOf(Path file) {
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode");
            return switch (mode & 0170000) {
                case 0010000 -> "a FIFO (named pipe)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                case 0040000 -> "a directory";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file";
        }
    }

    /**
     * @param file a file
     * @param follow whether to follow a symbolic link
     * @return its attributes, or null when it does not exist or cannot be looked at
     */
    static BasicFileAttributes attributes(Path file, boolean follow) {
        try {
            return follow
                    ? Files.readAttributes(file, BasicFileAttributes.class)
                    : Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Writes a file whole or not at all: to a new file in the target's directory (flushed to the
     * disk when it replaces a file), then linked or renamed into place. Never through a symbolic link: the caller refuses
     * one first, and the new file is made where no file was.
     *
     * @param target the file to write
     * @param replace whether a file already there is replaced (in one step: readers see the old
     *     file or the new, never a part); with {@link Replace#NOTHING}, a file that appears while
     *     the output is written is not replaced either
     * @param content what to write
     * @throws SnapshotXmlException ({@code IO}) when it cannot be written; the target is then as
     *     it was, and no temporary file is left
     */
    static void writeWhole(Path target, Replace replace, Content content) {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Path temporary = null;
        try {
            temporary = newTemporaryFile(directory, absolute.getFileName().toString());
            if (replace == Replace.EXISTING) {
                keepOwnerAndMode(absolute, temporary);
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 65536)) {
                content.writeTo(out);
                out.flush();
                if (replace == Replace.EXISTING) {
                    // on the disk before it takes the old file's place: after a crash, one or the other
                    channel.force(true);
                }
            }
            if (replace == Replace.EXISTING) {
                // rename(2): the target, or a link of that name, is replaced at once
                Files.move(temporary, absolute, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } else {
                putInPlaceOfNothing(temporary, absolute);
            }
            temporary = null;
        } catch (FileAlreadyExistsException e) {
            throw new SnapshotXmlException(
                    Kind.IO, "not written: " + target + " exists (--force replaces it)", -1, -1, null, e);
        } catch (IOException e) {
            throw new SnapshotXmlException(Kind.IO, "cannot write " + target + ": " + reason(e), -1, -1, null, e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // the failure being reported says more than this one
                }
            }
        }
    }

    /** A new, empty file beside the target, named after it, that no other process made. */
    private static Path newTemporaryFile(Path directory, String name) throws IOException {
        // short enough for a name of the longest length a file system takes, once cut
        String base = "." + (name.length() > 200 ? name.substring(0, 200) : name) + ".";
        for (int attempt = 0; ; attempt++) {
            Path p = directory.resolve(
                    base + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                Files.newByteChannel(
                                p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)
                        .close();
                return p;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * Puts the new file in place only where no file is: a hard link fails when the name is taken,
     * at the moment it is made; where links are not supported, a rename that checks first.
     */
    private static void putInPlaceOfNothing(Path temporary, Path target) throws IOException {
        try {
            Files.createLink(target, temporary);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof AccessDeniedException || e instanceof NoSuchFileException) {
                throw (IOException) e;
            }
            Files.move(temporary, target);
            return;
        }
        Files.delete(temporary);
    }

    /** A file rewritten in place keeps its mode, and its owner where this process may set it. */
    private static void keepOwnerAndMode(Path original, Path replacement) {
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(original, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return;
        }
        PosixFileAttributeView view =
                Files.getFileAttributeView(replacement, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return;
        }
        try {
            view.setPermissions(a.permissions());
        } catch (IOException e) {
            // the default mode, then
        }
        try {
            view.setGroup(a.group());
            view.setOwner(a.owner());
        } catch (IOException e) {
            // only root may give a file away: the writer's own, then
        }
    }

    /** @return why an I/O operation failed, in the system's words */
    static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
