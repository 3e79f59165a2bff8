/// The last look at the guest's /etc/fstab, after every step and customisation: a line that
/// mounts a disk device the domain config does not give (`/dev/xvdb1` when the recipe has only
/// xvda1 and xvda2) stops the boot: systemd waits 90 s for the device and drops to emergency
/// mode, sysvinit's fsck asks for the root password. Such lines are warnings in the report (not
/// errors: the disk may be attached by hand later); `nofail` or `noauto` lines are left alone.
public struct FstabDevicesCheck: AlignStep {
    public var name: String { "fstab-check" }

    public init() {}

    public func apply(_ editor: inout TreeEditor, _ context: AlignContext) throws {
        guard let text = try editor.readText("/etc/fstab") else { return }
        let given = Set(context.disks.map(\.device))
        for (number, device, mountPoint) in Self.missingDevices(in: text, given: given) {
            editor.warn(
                "/etc/fstab line \(number) mounts \(mountPoint) from /dev/\(device), a disk the domain config "
                    + "does not give (it gives \(given.sorted().joined(separator: ", "))): the guest will stop at boot "
                    + "waiting for it; add the disk to the recipe's \"disks\", or mark the line noauto (or nofail) with fsck pass 0")
        }
    }

    /// Lines (1-based number, device without /dev/, mount point) whose device is a Xen, SCSI or
    /// IDE disk name not in `given`, and whose options have neither `nofail` nor `noauto`.
    static func missingDevices(in fstab: String, given: Set<String>) -> [(Int, String, String)] {
        var found: [(Int, String, String)] = []
        for (index, line) in fstab.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, !fields[0].hasPrefix("#"), fields[0].hasPrefix("/dev/") else { continue }
            let device = String(fields[0].dropFirst("/dev/".count))
            guard isDiskName(device), !given.contains(device) else { continue }
            let options = fields.count >= 4 ? fields[3].split(separator: ",") : []
            guard !options.contains("nofail"), !options.contains("noauto") else { continue }
            found.append((index + 1, device, String(fields[1])))
        }
        return found
    }

    /// "xvdb1", "sdb", "hda2": a partition name as a recipe's devices are, or a whole disk.
    static func isDiskName(_ name: String) -> Bool {
        Recipe.isPartitionDevice(name) || Recipe.isPartitionDevice(name + "1")
    }
}
