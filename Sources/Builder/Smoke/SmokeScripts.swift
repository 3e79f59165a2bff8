/// The scripts the smoke dom0 runs: the initramfs's /init (busybox sh), dom0's PID 1 (bash, from
/// the Debian userland) and the per-guest settings file it reads from the guest disk. Facts in
/// shared/reference/xen-in-qemu.md ("dom0 without systemd or udev").
public enum SmokeScripts {
    /// Where dom0's PID 1 lives in the dom0 tree; the dom0 command line names it (`smoke.init=`).
    public static let dom0InitPath = "/sbin/builder-smoke-init"
    /// The folder, at the top of the guest disk, that holds `env`, `expect` and `fail`.
    public static let controlFolder = ".builder-smoke"

    /// The initramfs's /init: load the modules listed in /modules.order (virtio disk, ext4), mount
    /// the dom0 root (the `root=` word, /dev/vda by default) and switch to `smoke.init=`.
    public static let initramfsInit = """
        #!/bin/sh
        # builder smoke: the dom0 initramfs. Loads virtio and ext4, mounts dom0's root disk and
        # switches to dom0's init; on failure it says so on the console and powers off.
        export PATH=/bin:/sbin
        mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
        while read m; do insmod "$m" 2>/dev/null; done < /modules.order
        ROOT=/dev/vda; INIT=\(dom0InitPath)
        for a in $(cat /proc/cmdline); do
            case $a in root=*) ROOT=${a#root=};; smoke.init=*) INIT=${a#smoke.init=};; esac
        done
        i=0; while [ ! -b "$ROOT" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done
        if mount -t ext4 -o rw "$ROOT" /newroot; then
            umount /proc /sys; mount --move /dev /newroot/dev
            exec switch_root /newroot "$INIT"
        fi
        echo "\(SmokeMarker.progress)the initramfs cannot mount $ROOT (block devices: $(ls /sys/block))"
        echo "\(SmokeMarker.result)guest=- status=\(SmokeStatus.dom0Error.rawValue) seconds=0"
        echo "\(SmokeMarker.done)rc=3"
        echo o > /proc/sysrq-trigger
        sleep 30

        """

    /// dom0's PID 1. It brings the Xen toolstack up by hand (no systemd, no udev), mounts the guest
    /// disk (/dev/vdb) at the config's image folder, makes the bridges the config's vifs name,
    /// runs `xl create` on the config as baked, watches xenconsoled's log of the guest's console
    /// for the expected pattern (or the fail pattern, which ends the wait at once), prints the
    /// console's end (and dom0's logs when it failed), the result line, and powers off.
    public static let dom0Init = """
        #!/bin/bash
        # builder smoke: PID 1 of the smoke dom0 (Debian bookworm minbase + xen-utils-4.17).
        export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
        up() { cut -d' ' -f1 /proc/uptime; }
        say() { echo "\(SmokeMarker.progress)$* (dom0 uptime $(up)s)"; }
        finish() {
            echo "\(SmokeMarker.result)guest=${SMOKE_GUEST:--} status=$1 seconds=${2:-0}"
            echo "\(SmokeMarker.done)rc=$3"
            sync; echo o > /proc/sysrq-trigger; sleep 30; exit 0
        }
        dom0logs() {
            for f in "$@"; do
                [ -f "$f" ] && tail -n 40 "$f" | tr -d '\\r' | awk -v f="$(basename "$f")" '{ print "\(SmokeMarker.dom0Log)" f ": " $0 }'
            done
        }
        mount -t proc proc /proc; mount -t sysfs sysfs /sys
        mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
        mkdir -p /dev/pts /dev/shm; mount -t devpts devpts /dev/pts; mount -t tmpfs tmpfs /dev/shm
        mount -t tmpfs tmpfs /run; mount -t tmpfs tmpfs /tmp
        # xenconsole's lock file lives in /run/lock; xenstored wants /run/xenstored.
        mkdir -p /run/lock /run/xen /run/xenstored /var/log/xen/console /var/lib/xen
        # No udev: the hotplug scripts' locking needs /dev/stdin and friends (stat -L /dev/stdin).
        ln -sf /proc/self/fd /dev/fd; ln -sf /proc/self/fd/0 /dev/stdin
        ln -sf /proc/self/fd/1 /dev/stdout; ln -sf /proc/self/fd/2 /dev/stderr
        hostname smoke-dom0
        say "dom0 init started"
        for m in xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs xen-blkback xen-netback loop bridge; do
            modprobe $m 2>/dev/null || say "modprobe $m failed"
        done
        mountpoint -q /proc/xen || mount -t xenfs xenfs /proc/xen
        /etc/init.d/xen start >/tmp/xen-start.log 2>&1 || { dom0logs /tmp/xen-start.log; finish \(SmokeStatus.dom0Error.rawValue) 0 3; }
        say "toolstack up"
        mkdir -p /mnt/smoke
        mount -t ext4 /dev/vdb /mnt/smoke || { say "cannot mount the guest disk /dev/vdb"; finish \(SmokeStatus.dom0Error.rawValue) 0 3; }
        . /mnt/smoke/\(controlFolder)/env || { say "the guest disk has no \(controlFolder)/env"; finish \(SmokeStatus.dom0Error.rawValue) 0 3; }
        # The guest folder sits where the config says the images are: nothing in the config is edited.
        mkdir -p "$SMOKE_IMAGE_DIR" && mount --move /mnt/smoke "$SMOKE_IMAGE_DIR" || finish \(SmokeStatus.dom0Error.rawValue) 0 3
        control="$SMOKE_IMAGE_DIR/\(controlFolder)"
        # xenbr0: the bridge a vif without bridge= joins (xl.cfg(5), vif "bridge" default).
        for b in $(grep -o 'bridge=[A-Za-z0-9_.-]*' "$SMOKE_CONFIG" | cut -d= -f2 | sort -u) xenbr0 $SMOKE_BRIDGES; do
            ip link show "$b" >/dev/null 2>&1 || { ip link add name "$b" type bridge && ip link set "$b" up; }
        done
        log=/var/log/xen/console/guest-$SMOKE_GUEST.log
        rm -f "$log"
        say "xl create $SMOKE_CONFIG"
        t0=$(up)
        elapsed() { awk -v a="$t0" -v b="$(up)" 'BEGIN { printf "%d", b - a }'; }
        if ! xl create "$SMOKE_CONFIG" >/tmp/xl-create.log 2>&1; then
            dom0logs /tmp/xl-create.log /var/log/xen/xl-$SMOKE_GUEST.log /var/log/xen/xen-hotplug.log
            finish \(SmokeStatus.createFailed.rawValue) "$(elapsed)" 1
        fi
        status=\(SmokeStatus.timeout.rawValue)
        while :; do
            if tr -d '\\r' < "$log" 2>/dev/null | grep -Eq -f "$control/expect"; then status=\(SmokeStatus.pass.rawValue); break; fi
            if [ -s "$control/fail" ] && tr -d '\\r' < "$log" 2>/dev/null | grep -Eq -f "$control/fail"; then status=\(SmokeStatus.failPattern.rawValue); break; fi
            if [ "$(elapsed)" -gt 5 ] && ! xl domid "$SMOKE_GUEST" >/dev/null 2>&1; then status=\(SmokeStatus.domainGone.rawValue); break; fi
            [ "$(elapsed)" -ge "$SMOKE_TIMEOUT" ] && break
            sleep 1
        done
        seconds=$(elapsed)
        sleep 1
        # awk ends every line, also a last one without a newline ("login: "), so the result line
        # below starts a line of its own.
        tail -n "$SMOKE_CONSOLE_LINES" "$log" 2>/dev/null | tr -d '\\r' | awk '{ print "\(SmokeMarker.console)" $0 }'
        if [ "$status" != \(SmokeStatus.pass.rawValue) ]; then
            dom0logs /tmp/xl-create.log /var/log/xen/xl-$SMOKE_GUEST.log /var/log/xen/xen-hotplug.log
            xl dmesg 2>/dev/null | tail -n 20 | awk '{ print "\(SmokeMarker.dom0Log)xl dmesg: " $0 }'
        fi
        xl destroy "$SMOKE_GUEST" >/dev/null 2>&1
        sync
        [ "$status" = \(SmokeStatus.pass.rawValue) ] && finish "$status" "$seconds" 0
        finish "$status" "$seconds" 1

        """

    /// The guest disk's `env`: shell assignments dom0's PID 1 sources. Every value is single-quoted.
    public static func environment(
        guest: String, config: String, imageDir: String, timeoutSeconds: Int, consoleLines: Int
    ) -> String {
        [
            "SMOKE_GUEST=" + shellQuoted(guest),
            "SMOKE_CONFIG=" + shellQuoted(config),
            "SMOKE_IMAGE_DIR=" + shellQuoted(imageDir),
            "SMOKE_TIMEOUT=\(timeoutSeconds)",
            "SMOKE_CONSOLE_LINES=\(consoleLines)",
        ].joined(separator: "\n") + "\n"
    }

    /// `value` in single quotes, each `'` written as `'\''`: sh reads it back unchanged.
    public static func shellQuoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
