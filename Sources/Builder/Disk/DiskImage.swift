/// One MBR-partitioned disk image (the `disk` layout): where each partition goes, as a pure plan.
/// Partitions start on 1 MiB boundaries, the first at sector 2048, as fdisk and sfdisk place them
/// (util-linux's default alignment), so the filesystems inside are aligned for any host storage.
public enum DiskImage {
    public static let alignment: UInt64 = 1 << 20

    /// What goes into one slot.
    public struct Member: Sendable, Equatable {
        /// 1-4.
        public var slot: Int
        public var size: UInt64
        public var type: UInt8
        public var bootable: Bool

        public init(slot: Int, size: UInt64, type: UInt8, bootable: Bool) {
            self.slot = slot
            self.size = size
            self.type = type
            self.bootable = bootable
        }
    }

    /// The planned disk: its table and the file's length.
    public struct Table: Sendable, Equatable {
        public var mbr: MBR
        /// The image's length: the last partition's end, rounded up to the alignment.
        public var size: UInt64

        public func partition(_ slot: Int) -> MBR.Partition? {
            slot >= 1 && slot <= mbr.slots.count ? mbr.slots[slot - 1] : nil
        }

        /// The byte offset of partition `slot` in the image (its first sector × 512).
        public func offset(of slot: Int) -> UInt64? {
            partition(slot).map { UInt64($0.start) * MBR.sectorSize }
        }
    }

    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case badSlot(Int)
        case slotTwice(Int)
        case notWholeSectors(slot: Int, size: UInt64)
        case tooLarge(UInt64)

        public var description: String {
            switch self {
            case .badSlot(let s):
                return "partition number \(s) has no slot in an MBR partition table (primary partitions are 1 to 4)"
            case .slotTwice(let s):
                return "partition number \(s) is given twice"
            case .notWholeSectors(let s, let size):
                return "partition \(s) of \(size) bytes is not a whole number of 512-byte sectors"
            case .tooLarge(let size):
                return "a disk of \(ByteSize.format(size)) is beyond what an MBR partition table addresses (2 TiB); use smaller disks or the \"partitions\" layout"
            }
        }
    }

    /// Places `members` in slot order, each at the next 1 MiB boundary.
    public static func plan(_ members: [Member], signature: UInt32) throws(Error) -> Table {
        var slots: [MBR.Partition?] = [nil, nil, nil, nil]
        var next = alignment
        for m in members.sorted(by: { $0.slot < $1.slot }) {
            guard (1...4).contains(m.slot) else { throw .badSlot(m.slot) }
            guard slots[m.slot - 1] == nil else { throw .slotTwice(m.slot) }
            guard m.size > 0, m.size % MBR.sectorSize == 0 else { throw .notWholeSectors(slot: m.slot, size: m.size) }
            let start = next
            let end = start + m.size
            // LBA fields are u32: the last sector must be addressable.
            guard end / MBR.sectorSize <= UInt64(UInt32.max) else { throw .tooLarge(end) }
            slots[m.slot - 1] = MBR.Partition(
                start: UInt32(start / MBR.sectorSize), sectors: UInt32(m.size / MBR.sectorSize), type: m.type,
                bootable: m.bootable)
            next = roundUp(end)
        }
        return Table(mbr: MBR(signature: signature, slots: slots), size: next)
    }

    static func roundUp(_ n: UInt64) -> UInt64 { (n + alignment - 1) / alignment * alignment }

    /// "sda2" → ("sda", 2), "xvdb1" → ("xvdb", 1): the whole disk a partition device is on and
    /// its number. nil for a name without a trailing number.
    public static func partitionOf(_ device: String) -> (disk: String, number: Int)? {
        let digits = device.reversed().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count < device.count, let n = Int(String(digits.reversed())) else { return nil }
        return (String(device.dropLast(digits.count)), n)
    }
}
