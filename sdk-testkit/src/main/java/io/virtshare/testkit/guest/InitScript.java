package io.virtshare.testkit.guest;

import java.util.List;

/**
 * The {@code /init} of the probe's initramfs: a busybox shell script that mounts the
 * pseudo filesystems, inserts the kernel modules in the order given, then for each share
 * mounts it, reads the host's file, writes one back, prints a report line
 * ({@value #REPORT_PREFIX} + JSON) on the console, and finally powers the guest off.
 */
final class InitScript {
    /** Prefix of a share's report line on the console. */
    static final String REPORT_PREFIX = "VIRTSHARE-PROBE ";
    /** The line printed when every share has been probed. */
    static final String DONE = "VIRTSHARE-PROBE-DONE";
    /** Prefix of a line saying a module could not be inserted. */
    static final String MODULE_FAILED = "VIRTSHARE-PROBE-MODULE-FAILED ";
    /** How many times the guest tries a mount, a second apart (devices may still be probing). */
    static final int MOUNT_ATTEMPTS = 10;

    private InitScript() {
    }

    /**
     * The script.
     *
     * @param modules module file names under {@code /lib/modules}, in insertion order
     * @param tasks what to do with each share
     */
    static String generate(List<String> modules, List<GuestTask> tasks) {
        StringBuilder s = new StringBuilder(prelude(modules));
        s.append("""
                stamp() { read up rest < /proc/uptime; echo $(( ${up%%.*} * 100 + 1${up#*.} - 100 )); }
                whole() {
                  grep -q "^$benchmib+0 records out" /tmp/dd.err && return 0
                  echo "moved only $(head -n 1 /tmp/dd.err) of $benchmib MiB" > /tmp/dd.err; return 1
                }
                bench() {
                  sync; echo 3 > /proc/sys/vm/drop_caches
                  t0=$(stamp)
                  dd if="$dir/$benchfile" of=/dev/null bs=1M count=$benchmib 2>/tmp/dd.err || return 1
                  t1=$(stamp)
                  whole || return 1
                  sync; echo 3 > /proc/sys/vm/drop_caches
                  t2=$(stamp)
                  dd if=/dev/zero of="$dir/$outfile.bench" bs=1M count=$benchmib conv=fsync 2>/tmp/dd.err || return 1
                  t3=$(stamp)
                  whole || return 1
                  rm -f "$dir/$outfile.bench"
                  readcs=$((t1 - t0)); writecs=$((t3 - t2))
                }
                probe() {
                  index="$1"; command="$2"; dir="$3"; infile="$4"; outfile="$5"; outtext="$6"; benchfile="$7"; benchmib="$8"
                  mounted=false; read=""; wrote=false; error=""; readcs=-1; writecs=-1
                  attempt=0
                  while [ $attempt -lt %d ]; do
                    if sh -c "$command" 2>/tmp/mount.err; then mounted=true; break; fi
                    attempt=$((attempt + 1)); sleep 1
                  done
                  if $mounted; then
                    if read=$(head -c 256 "$dir/$infile" 2>/tmp/io.err); then
                      read=$(echo "$read" | tr -cd 'A-Za-z0-9._-')
                    else
                      error="read: $(head -c 200 /tmp/io.err | tr -cd 'A-Za-z0-9 ._:/()-')"
                    fi
                    if echo "$outtext" > "$dir/$outfile" 2>/tmp/io.err && sync; then wrote=true;
                    else error="$error write: $(head -c 200 /tmp/io.err | tr -cd 'A-Za-z0-9 ._:/()-')"; fi
                    if [ "$benchmib" -gt 0 ] && ! bench; then
                      error="$error throughput: $(head -c 200 /tmp/dd.err | tr -cd 'A-Za-z0-9 ._:/()-')"
                    fi
                    umount "$dir" 2>/dev/null
                  else
                    error="mount: $(head -c 200 /tmp/mount.err | tr -cd 'A-Za-z0-9 ._:/()-')"
                  fi
                  echo "%s{\\"share\\":$index,\\"mounted\\":$mounted,\\"read\\":\\"$read\\",\\"wrote\\":$wrote,\\"readCs\\":$readcs,\\"writeCs\\":$writecs,\\"error\\":\\"$error\\"}"
                }
                """.formatted(MOUNT_ATTEMPTS, REPORT_PREFIX));
        for (GuestTask t : tasks) {
            s.append("probe ").append(t.index()).append(' ').append(quote(t.mountCommand())).append(' ')
                    .append(quote(t.mountPoint())).append(' ').append(quote(t.inFile())).append(' ')
                    .append(quote(t.outFile())).append(' ').append(quote(t.outText())).append(' ')
                    .append(quote(t.benchFile())).append(' ').append(t.benchMib()).append('\n');
        }
        s.append("echo ").append(DONE).append('\n')
                .append("sync\n")
                .append("poweroff -f\n");
        return s.toString();
    }

    /**
     * The start every guest script shares: the pseudo filesystems, busybox's applets, the
     * {@code VIRTSHARE-PROBE-BOOTED} line, then the modules inserted in the order given.
     *
     * @param modules module file names under {@code /lib/modules}, in insertion order
     */
    static String prelude(List<String> modules) {
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/busybox sh\n")
                .append("/bin/busybox mkdir -p /proc /sys /dev /tmp /mnt /sbin /usr/bin /usr/sbin\n")
                .append("/bin/busybox mount -t proc proc /proc\n")
                .append("/bin/busybox --install -s\n")
                .append("export PATH=/bin:/sbin:/usr/bin:/usr/sbin\n")
                .append("mount -t sysfs sysfs /sys\n")
                .append("mount -t devtmpfs devtmpfs /dev 2>/dev/null\n")
                .append("echo 1 > /proc/sys/kernel/printk\n")
                .append("echo VIRTSHARE-PROBE-BOOTED\n");
        for (String module : modules) {
            s.append("insmod /lib/modules/").append(quote(module)).append(" 2>/tmp/insmod.err || { grep -q 'File exists'")
                    .append(" /tmp/insmod.err || echo '").append(MODULE_FAILED).append(module)
                    .append("' \"$(tr -cd 'A-Za-z0-9 ._:-' </tmp/insmod.err)\"; }\n");
        }
        return s.toString();
    }

    /** {@code value} as one single-quoted shell word. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
