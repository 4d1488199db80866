package io.virtshare.internal.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Gives a directory a POSIX default ACL, which its new files and directories inherit and which
 * then replaces the umask: the {@code system.posix_acl_default} attribute as {@code setfacl -d}
 * writes it (version 2, then an entry per tag: tag, permissions, id), set with
 * {@code setxattr(2)}, so that the tests need no {@code acl} package.
 */
public final class DefaultAcl {
    private static final int USER_OBJ = 0x01;
    private static final int GROUP_OBJ = 0x04;
    private static final int OTHER = 0x20;
    private static final int UNDEFINED_ID = -1;

    /** The C library's {@code setxattr}. */
    interface C extends Library {
        int setxattr(String path, String name, byte[] value, long size, int flags);
    }

    private DefaultAcl() {
    }

    /**
     * Gives {@code dir} the default ACL {@code u::owner,g::group,o::other} (each 0–7). Where the
     * file system has no ACLs the test is skipped, except in CI ({@code virtshare.it.required}),
     * whose temporary directory must have them.
     */
    public static void set(Path dir, int owner, int group, int other) {
        ByteBuffer acl = ByteBuffer.allocate(4 + 3 * 8).order(ByteOrder.LITTLE_ENDIAN).putInt(2);
        for (int[] entry : new int[][] {{USER_OBJ, owner}, {GROUP_OBJ, group}, {OTHER, other}}) {
            acl.putShort((short) entry[0]).putShort((short) entry[1]).putInt(UNDEFINED_ID);
        }
        C c = Native.load("c", C.class);
        int result = c.setxattr(dir.toString(), "system.posix_acl_default", acl.array(), acl.capacity(), 0);
        int errno = result == 0 ? 0 : Native.getLastError();
        if (Boolean.getBoolean("virtshare.it.required")) {
            assertThat(errno).as("setxattr system.posix_acl_default on %s (CI's temporary directory has ACLs)", dir)
                    .isZero();
        }
        assumeTrue(result == 0, "the file system of " + dir + " takes no default ACL (errno " + errno + ")");
    }
}
