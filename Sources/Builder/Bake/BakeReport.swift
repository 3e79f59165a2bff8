/// `report.txt` in a guest's folder: one line per disk, in recipe order, then one per RPM
/// installed, and the package scripts that were not run. It holds nothing that
/// changes between runs (no times, no host paths), so two bakes of one recipe give the same report.
enum BakeReport {
    static let fileName = "report.txt"

    static func text(
        guest: String, disks: [Bake.DiskResult], partitioned: Bake.PartitionedDisk? = nil, packages: [RPMHeader] = [],
        changes: [TreeChange] = [], bootFiles: [String] = [], configFiles: [String] = []
    ) -> String {
        var lines = ["guest \(guest)"]
        if let partitioned { lines += tableLines(partitioned) }
        for d in disks { lines.append(line(d)) }
        for f in bootFiles { lines.append("boot file \(f) (for the domain config's kernel= / ramdisk=)") }
        for f in configFiles { lines.append("domain config \(f) (\(f.hasSuffix(".xl.cfg") ? "xl" : "xm") syntax)") }
        for p in packages {
            lines.append("rpm \(p.nevra) installed")
            // builder never runs package scripts (they would run on the host, or need the guest
            // running); the user decides what to do about the ones skipped.
            if !p.scriptlets.isEmpty {
                lines.append("\(p.nevra): not run: \(p.scriptlets.joined(separator: ", "))")
            }
        }
        lines += changes.map(\.reportLine)
        // Notes quote the image's own text (an fstab line, a kernel's file name): the report is
        // read on a terminal too, so its lines get the messages' escaping.
        return Name.printable(lines: lines.joined(separator: "\n")) + "\n"
    }

    /// The `disk` layout's table, as sfdisk would list it:
    /// `disk sda.img mbr size=200 MiB identifier=0x1a2b3c4d` then
    /// `sda.img partition 1 start=2048 sectors=143360 type=83 bootable`.
    static func tableLines(_ p: Bake.PartitionedDisk) -> [String] {
        let mbr = p.table.mbr
        var lines = ["disk \(p.fileName) mbr size=\(ByteSize.format(p.table.size)) identifier=0x\(String(mbr.signature, radix: 16).leftPadded(to: 8))"]
        for (i, slot) in mbr.slots.enumerated() {
            guard let part = slot else { continue }
            var text = "\(p.fileName) partition \(i + 1) start=\(part.start) sectors=\(part.sectors)"
            text += " type=\(String(part.type, radix: 16))"
            if part.bootable { text += " bootable" }
            lines.append(text)
        }
        return lines
    }

    /// `sda1 / ext3 size=70 MiB blocks=1234/17920 (4096 bytes each) inodes=56/4480 journal=1024 blocks`
    static func line(_ d: Bake.DiskResult) -> String {
        switch d.kind {
        case .filesystem(let mount, let flavor, let s):
            var text = "\(d.device) \(mount) \(flavor.rawValue) size=\(ByteSize.format(s.sizeBytes))"
            text += " blocks=\(s.blocksUsed)/\(s.blocksTotal) (\(s.blockSize) bytes each)"
            text += " inodes=\(s.inodesUsed)/\(s.inodesTotal)"
            if flavor == .ext3 { text += " journal=\(s.journalBlocks) blocks" }
            return text + " file=\(d.fileName)"
        case .swap(let size, let uuid):
            return "\(d.device) swap swap size=\(ByteSize.format(size)) pages=\(size / UInt64(SwapImage.pageSize)) uuid=\(DiskIdentity.text(uuid)) file=\(d.fileName)"
        }
    }
}
