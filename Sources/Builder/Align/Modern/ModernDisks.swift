/// The device names a pv_ops guest's disks must have in a recipe.
///
/// A pv_ops kernel's xen-blkfront names every virtual disk `/dev/xvdX` whatever the domain config
/// calls it (a vdev `sda1` also becomes `/dev/xvda1`: xen-in-qemu.md, "Guest-side facts"). A recipe
/// that says `sda1` would thus put `sda1` in the domain config and `xvda1` in the guest's fstab and
/// root=, and the next reader of either would be misled; builder refuses it instead of renaming
/// behind the recipe's back, so one name holds everywhere (config, fstab, menu, report).
public enum ModernDisks {
    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case notXvd(index: Int, device: String, suggestion: String)

        public var description: String {
            switch self {
            case .notXvd(let index, let device, let suggestion):
                return "disks[\(index)].device is \"\(device)\", but a pv_ops guest (profile modern) sees every Xen disk as /dev/xvdX "
                    + "(xen-blkfront names them so whatever the domain config says), so its fstab and root= could not name "
                    + "\"\(device)\"; use \"\(suggestion)\" in the recipe"
            }
        }
    }

    /// Throws for the first disk not named `xvd...`.
    public static func check(_ disks: [GuestDisk]) throws {
        for (index, disk) in disks.enumerated() where !disk.device.hasPrefix("xvd") {
            throw Error.notXvd(index: index, device: disk.device, suggestion: xvdName(for: disk.device))
        }
    }

    /// `sda1` → `xvda1`, `hdb2` → `xvdb2`: the name blkfront gives the same disk.
    static func xvdName(for device: String) -> String {
        for prefix in ["sd", "hd"] where device.hasPrefix(prefix) {
            return "xvd" + device.dropFirst(prefix.count)
        }
        return "xvd" + device
    }
}
