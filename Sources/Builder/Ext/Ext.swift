/// The ext2/ext3 image writer: builder's own, in Swift, for kernels as old as RHEL4's 2.6.9.
/// Everything of the format lives in `extension Ext { ... }` in the files of this folder.
public enum Ext {}

extension Ext {
    public enum Flavor: String, Sendable, CaseIterable {
        case ext2
        case ext3
    }

    /// How an image is formatted. Every field that would otherwise come from a clock or a random
    /// source is given here, so the same tree and options give the same bytes.
    public struct Options: Sendable {
        public var flavor: Flavor
        /// 1024 or 4096 (2048 also works).
        public var blockSize: Int
        /// Inodes in the filesystem; nil: enough for the tree with headroom (see `Ext.InodeRule`).
        public var inodeCount: UInt32?
        /// s_uuid: 16 bytes.
        public var uuid: [UInt8]
        /// s_hash_seed: 16 bytes.
        public var hashSeed: [UInt8]
        /// s_volume_name: at most 16 bytes.
        public var label: String
        /// The time of what builder itself creates (mkfs time, lost+found, the journal).
        public var timestamp: Timestamp
        /// Blocks reserved for root, in percent, as mke2fs -m.
        public var reservedPercent: Int

        public init(
            flavor: Flavor = .ext3, blockSize: Int = 4096, inodeCount: UInt32? = nil,
            uuid: [UInt8], hashSeed: [UInt8], label: String = "", timestamp: Timestamp,
            reservedPercent: Int = 5
        ) {
            self.flavor = flavor
            self.blockSize = blockSize
            self.inodeCount = inodeCount
            self.uuid = uuid
            self.hashSeed = hashSeed
            self.label = label
            self.timestamp = timestamp
            self.reservedPercent = reservedPercent
        }
    }

    /// What a written image holds, for the build report.
    public struct Summary: Sendable, Equatable {
        public var sizeBytes: UInt64
        public var blockSize: Int
        public var blocksTotal: UInt64
        public var blocksUsed: UInt64
        public var inodesTotal: UInt32
        public var inodesUsed: UInt32
        public var journalBlocks: UInt32

        public init(
            sizeBytes: UInt64, blockSize: Int, blocksTotal: UInt64, blocksUsed: UInt64,
            inodesTotal: UInt32, inodesUsed: UInt32, journalBlocks: UInt32
        ) {
            self.sizeBytes = sizeBytes
            self.blockSize = blockSize
            self.blocksTotal = blocksTotal
            self.blocksUsed = blocksUsed
            self.inodesTotal = inodesTotal
            self.inodesUsed = inodesUsed
            self.journalBlocks = journalBlocks
        }
    }
}
