extension Initrd {
    /// The /init nash script MK4 writes for a 2.6 kernel (l.654-807), line for line, with the
    /// branches a Xen guest takes: no RAID, no LVM, no loop root.
    public struct InitScript: Sendable, Equatable {
        public var modules: [Module]
        public var udev: Udev?
        public var root: RootFilesystem

        public init(modules: [Module], udev: Udev?, root: RootFilesystem) {
            self.modules = modules
            self.udev = udev
            self.root = root
        }

        public var lines: [String] {
            var out = ["#!/bin/nash", ""]
            out += ["mount -t proc /proc /proc", "setquiet", "echo Mounted /proc filesystem"]
            out += ["echo Mounting sysfs", "mount -t sysfs none /sys"]
            if let udev {
                if udev.tmpfs {
                    out += [
                        "echo Creating /dev", "mount -o mode=0755 -t tmpfs none /dev", "mknod /dev/console c 5 1",
                        "mknod /dev/null c 1 3", "mknod /dev/zero c 1 5", "mkdir /dev/pts", "mkdir /dev/shm",
                    ]
                }
                out += ["echo Starting udev", "/sbin/udevstart", "echo -n \"/sbin/hotplug\" > /proc/sys/kernel/hotplug"]
            }
            for module in modules {
                out.append("echo \"Loading \(module.fileName) module\"")
                // MK4 writes `insmod /lib/$fullmodule $options`: the space stays when there are
                // no options; nash ignores it.
                out.append("insmod /lib/\(module.fileName) \(module.options)")
            }
            if udev != nil {
                // MK4: "module loading + device creation isn't necessarily synchronous".
                out.append("/sbin/udevstart")
            } else {
                out += ["echo Creating block devices", "mkdevices /dev"]
            }
            out += ["echo Creating root device", "mkrootdev /dev/root", "umount /sys"]
            out += ["echo Mounting root filesystem", "mount -o \(root.options) --ro -t \(root.type) /dev/root /sysroot"]
            if udev?.keepDev == true { out.append("mount -t tmpfs --bind /dev /sysroot/dev") }
            out += ["echo Switching to new root", "switchroot /sysroot"]
            if udev?.tmpfs == true { out.append("umount /initrd/dev") }
            return out
        }

        /// The script's text; every line ends in "\n" (nash skips a last line without one).
        public var text: String { lines.map { $0 + "\n" }.joined() }
    }
}
