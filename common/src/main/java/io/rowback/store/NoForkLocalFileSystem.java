package io.rowback.store;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsConstants;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Hadoop's local file system without its child processes. Without the native Hadoop library,
 * RawLocalFileSystem runs {@code chmod} for every file it creates and {@code readlink} for every
 * rename through FileContext (each Delta commit): about 25 processes per table snapshot, most of a
 * small table's cost. This does both through java.nio. Used for the {@code file:} scheme only.
 */
public final class NoForkLocalFileSystem extends LocalFileSystem {
    public NoForkLocalFileSystem() {
        super(new Raw());
    }

    /** The Hadoop settings that route file: paths here, for FileSystem and for FileContext. */
    public static java.util.Map<String, String> settings() {
        return java.util.Map.of(
                "fs.file.impl", NoForkLocalFileSystem.class.getName(),
                "fs.file.impl.disable.cache", "false",
                "fs.AbstractFileSystem.file.impl", Fs.class.getName());
    }

    /** The raw local file system with chmod and readlink in Java. */
    public static final class Raw extends RawLocalFileSystem {
        @Override
        public void setPermission(Path p, FsPermission permission) throws IOException {
            java.nio.file.Path file = pathToFile(p).toPath();
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permission.toString().substring(0, 9)));
            } catch (UnsupportedOperationException e) {
                super.setPermission(p, permission);
            }
        }

        @Override
        public FileStatus getFileLinkStatus(Path f) throws IOException {
            java.nio.file.Path file = pathToFile(f).toPath();
            if (Files.isSymbolicLink(file)) {
                return super.getFileLinkStatus(f);
            }
            return getFileStatus(f);
        }
    }

    /** The FileContext side (Delta's HDFSLogStore commits through FileContext.rename). */
    public static final class Fs extends ChecksumFs {
        public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(new RawFs(conf));
        }
    }

    static final class RawFs extends DelegateToFileSystem {
        RawFs(Configuration conf) throws IOException, URISyntaxException {
            super(FsConstants.LOCAL_FS_URI, new Raw(), conf, FsConstants.LOCAL_FS_URI.getScheme(), false);
        }

        @Override
        public int getUriDefaultPort() {
            return -1;
        }

        @Override
        @SuppressWarnings("deprecation")
        public FsServerDefaults getServerDefaults() throws IOException {
            return LocalConfigKeys.getServerDefaults();
        }

        @Override
        public FsServerDefaults getServerDefaults(Path f) throws IOException {
            return LocalConfigKeys.getServerDefaults();
        }

        @Override
        public boolean isValidName(String src) {
            return true;
        }
    }
}
