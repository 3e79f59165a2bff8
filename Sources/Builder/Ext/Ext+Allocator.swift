extension Ext {
    /// Hands out data blocks in ascending order, group after group, stepping over each group's
    /// metadata. Everything below the cursor is in use, so the block bitmaps follow from the
    /// cursor alone; allocation is deterministic and each file as contiguous as the groups allow.
    struct Allocator {
        let geometry: Geometry
        private(set) var group = 0
        private(set) var next: UInt32
        private(set) var allocated: UInt64 = 0

        init(geometry: Geometry) {
            self.geometry = geometry
            next = geometry.dataStart(0)
        }

        struct Full: Error {}

        /// `count` blocks as runs (first block, length).
        mutating func allocate(_ count: UInt32) throws -> [(UInt32, UInt32)] {
            var left = count
            var runs: [(UInt32, UInt32)] = []
            while left > 0 {
                if next >= geometry.groupEnd(group) {
                    guard group + 1 < geometry.groupCount else { throw Full() }
                    group += 1
                    next = geometry.dataStart(group)
                    continue
                }
                let n = min(left, geometry.groupEnd(group) - next)
                runs.append((next, n))
                next += n
                left -= n
                allocated += UInt64(n)
            }
            return runs
        }

        /// Data blocks in use in group `g` (metadata not counted).
        func dataBlocksUsed(inGroup g: Int) -> UInt32 {
            if g < group { return geometry.groupEnd(g) - geometry.dataStart(g) }
            if g > group { return 0 }
            return next - geometry.dataStart(g)
        }
    }
}
