/// A classic DOS partition table (MBR) in sector 0 of a disk image: four primary entries, no
/// boot code (PyGrub and Xen's domain builder read the table, never execute the sector).
///
/// Layout of the 512-byte sector (the IBM PC/AT partition table; also UEFI 2.x §5.2.1 "Legacy MBR"):
///   0    boot code[440]        left zero
///   440  disk signature        u32 little-endian (Windows NT's; Linux shows it as the "disk identifier")
///   444  reserved[2]           zero
///   446  partition entries     4 × 16 bytes
///   510  boot signature        0x55 0xAA
/// One entry:
///   0  status     0x80 bootable (active), 0x00 not
///   1  CHS first  head, sector | cylinder bits 8-9 << 6, cylinder bits 0-7
///   4  type       0x83 Linux, 0x82 Linux swap
///   5  CHS last
///   8  LBA first  u32 little-endian, in 512-byte sectors
///   12 sectors    u32 little-endian
public struct MBR: Sendable, Equatable {
    public static let sectorSize: UInt64 = 512

    public struct Partition: Sendable, Equatable {
        /// First sector (LBA).
        public var start: UInt32
        /// Length in sectors.
        public var sectors: UInt32
        public var type: UInt8
        public var bootable: Bool

        public init(start: UInt32, sectors: UInt32, type: UInt8, bootable: Bool) {
            self.start = start
            self.sectors = sectors
            self.type = type
            self.bootable = bootable
        }

        public static let linuxType: UInt8 = 0x83
        public static let swapType: UInt8 = 0x82
    }

    public var signature: UInt32
    /// Slots 1-4 in order; nil leaves a slot empty (all zero).
    public var slots: [Partition?]

    public init(signature: UInt32, slots: [Partition?]) {
        self.signature = signature
        self.slots = slots
    }

    /// The 512-byte sector. `slots` beyond 4 are a programming error caught by `DiskImage.plan`.
    public func encode() -> [UInt8] {
        var sector = [UInt8](repeating: 0, count: Int(Self.sectorSize))
        put32(signature, at: 440, in: &sector)
        for (i, slot) in slots.prefix(4).enumerated() {
            guard let p = slot else { continue }
            let at = 446 + 16 * i
            sector[at] = p.bootable ? 0x80 : 0x00
            sector.replaceSubrange(at + 1..<at + 4, with: Self.chs(p.start))
            sector[at + 4] = p.type
            sector.replaceSubrange(at + 5..<at + 8, with: Self.chs(p.start + p.sectors - 1))
            put32(p.start, at: at + 8, in: &sector)
            put32(p.sectors, at: at + 12, in: &sector)
        }
        sector[510] = 0x55
        sector[511] = 0xAA
        return sector
    }

    /// The CHS address of `lba` in the 255-head, 63-sector geometry fdisk assumes for images; an
    /// address past cylinder 1023 gets the "use LBA" marker 1023/254/63 (bytes FE FF FF), as
    /// fdisk and sfdisk write it. Linux, GRUB and PyGrub read only the LBA fields.
    static func chs(_ lba: UInt32) -> [UInt8] {
        let heads: UInt32 = 255
        let perTrack: UInt32 = 63
        var c = lba / (heads * perTrack)
        var h = (lba / perTrack) % heads
        var s = lba % perTrack + 1
        if c > 1023 {
            c = 1023
            h = 254
            s = 63
        }
        return [UInt8(h), UInt8(s | ((c >> 2) & 0xC0)), UInt8(c & 0xFF)]
    }

    private func put32(_ v: UInt32, at offset: Int, in bytes: inout [UInt8]) {
        for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(i))) }
    }
}
