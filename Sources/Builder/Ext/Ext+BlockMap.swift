extension Ext {
    /// Where an inode's blocks lie: ext2's classic map of 12 direct pointers, then a single,
    /// a double and a triple indirect block (ext2_fs.h EXT2_IND_BLOCK ... EXT2_TIND_BLOCK).
    /// Holes have no data block, and an indirect block exists only where it maps some data.
    struct BlockMap {
        /// A stretch of logical blocks stored in consecutive physical blocks.
        struct Run {
            var logical: UInt64
            var physical: UInt32
            var count: UInt32
        }

        /// An indirect block: `level` 1 maps data blocks, 2 maps level-1 blocks, 3 level-2 blocks;
        /// `first` is the first logical data block it covers.
        struct Indirect: Hashable {
            var level: Int
            var first: UInt64
        }

        var runs: [Run] = []
        var indirect: [(key: Indirect, physical: UInt32)] = []

        var dataBlocks: UInt64 { runs.reduce(0) { $0 + UInt64($1.count) } }
        var totalBlocks: UInt64 { dataBlocks + UInt64(indirect.count) }

        /// The logical region boundaries for `perBlock` pointers per indirect block.
        struct Regions {
            let perBlock: UInt64
            var single: UInt64 { 12 }
            var double: UInt64 { 12 + perBlock }
            var triple: UInt64 { 12 + perBlock + perBlock * perBlock }
            var end: UInt64 { triple + perBlock * perBlock * perBlock }

            /// The indirect blocks, top first, that the map of logical block `l` goes through.
            func chain(_ l: UInt64) -> [Indirect] {
                let p = perBlock
                if l < single { return [] }
                if l < double { return [Indirect(level: 1, first: single)] }
                if l < triple {
                    let o = l - double
                    return [Indirect(level: 2, first: double), Indirect(level: 1, first: double + o / p * p)]
                }
                let o = l - triple
                return [
                    Indirect(level: 3, first: triple),
                    Indirect(level: 2, first: triple + o / (p * p) * (p * p)),
                    Indirect(level: 1, first: triple + o / p * p),
                ]
            }

            /// The first logical block after `l` that may need another indirect block.
            func nextBoundary(_ l: UInt64) -> UInt64 {
                l < single ? single : single + ((l - single) / perBlock + 1) * perBlock
            }
        }

        /// Maps the logical blocks in `logical` (sorted, disjoint), taking physical blocks from
        /// `allocate` in the order ext2 would: each indirect block just before the first data
        /// block it maps. `allocate(n)` returns runs (physical start, count) totalling n.
        static func build(
            _ logical: [Range<UInt64>], perBlock: UInt64,
            allocate: (UInt32) throws -> [(UInt32, UInt32)]
        ) throws -> BlockMap {
            let regions = Regions(perBlock: perBlock)
            var map = BlockMap()
            var have = Set<Indirect>()
            for range in logical {
                var l = range.lowerBound
                while l < range.upperBound {
                    for key in regions.chain(l) where !have.contains(key) {
                        have.insert(key)
                        map.indirect.append((key, try allocate(1)[0].0))
                    }
                    let end = min(range.upperBound, regions.nextBoundary(l))
                    for (physical, count) in try allocate(UInt32(end - l)) {
                        map.runs.append(Run(logical: l, physical: physical, count: count))
                        l += UInt64(count)
                    }
                }
            }
            return map
        }

        /// How many blocks (data and indirect) `logical` needs, without placing them.
        static func blockCount(_ logical: [Range<UInt64>], perBlock: UInt64) -> UInt64 {
            let regions = Regions(perBlock: perBlock)
            var have = Set<Indirect>()
            var total: UInt64 = 0
            for range in logical {
                total += UInt64(range.count)
                var l = range.lowerBound
                while l < range.upperBound {
                    for key in regions.chain(l) { have.insert(key) }
                    l = min(range.upperBound, regions.nextBoundary(l))
                }
            }
            return total + UInt64(have.count)
        }

        /// i_block[0..14]: the direct pointers and the three top indirect blocks.
        func pointers(perBlock: UInt64) -> [UInt32] {
            let regions = Regions(perBlock: perBlock)
            var p = [UInt32](repeating: 0, count: 15)
            for run in runs where run.logical < 12 {
                for i in 0..<UInt64(run.count) where run.logical + i < 12 {
                    p[Int(run.logical + i)] = run.physical + UInt32(i)
                }
            }
            for (key, physical) in indirect {
                if key == Indirect(level: 1, first: regions.single) { p[12] = physical }
                if key == Indirect(level: 2, first: regions.double) { p[13] = physical }
                if key == Indirect(level: 3, first: regions.triple) { p[14] = physical }
            }
            return p
        }

        /// The contents of every indirect block, as (physical block, pointers), in physical order.
        func indirectBlocks(perBlock: UInt64) -> [(physical: UInt32, pointers: [UInt32])] {
            guard !indirect.isEmpty else { return [] }
            let regions = Regions(perBlock: perBlock)
            var slot: [Indirect: Int] = [:]
            var tables: [[UInt32]] = []
            for (key, _) in indirect {
                slot[key] = tables.count
                tables.append([UInt32](repeating: 0, count: Int(perBlock)))
            }
            // Level 1 entries point at data blocks.
            for run in runs {
                var i: UInt64 = 0
                while i < UInt64(run.count) {
                    let l = run.logical + i
                    guard let parent = regions.chain(l).last, let s = slot[parent] else { i += 1; continue }
                    let n = min(UInt64(run.count) - i, parent.first + perBlock - l)
                    for k in 0..<n { tables[s][Int(l + k - parent.first)] = run.physical + UInt32(i + k) }
                    i += n
                }
            }
            // Level 2 and 3 entries point at the indirect block one level down.
            for (key, physical) in indirect where key.level < 3 {
                let chain = regions.chain(key.first)
                guard let at = chain.firstIndex(of: key), at > 0, let s = slot[chain[at - 1]] else { continue }
                let parent = chain[at - 1]
                let span = key.level == 1 ? perBlock : perBlock * perBlock
                tables[s][Int((key.first - parent.first) / span)] = physical
            }
            return indirect.enumerated()
                .map { (physical: $0.element.physical, pointers: tables[$0.offset]) }
                .sorted { $0.physical < $1.physical }
        }

        /// Where bytes `range` of the file lie in the image: (offset in the file, offset in the
        /// image, length) for each physically contiguous piece. Bytes outside mapped blocks are
        /// skipped (they are holes).
        func placements(of range: Range<UInt64>, blockSize: Int) -> [(file: UInt64, image: UInt64, length: UInt64)] {
            let bs = UInt64(blockSize)
            var out: [(file: UInt64, image: UInt64, length: UInt64)] = []
            // First run that may overlap: binary search on the logical start.
            var lo = 0, hi = runs.count
            let firstBlock = range.lowerBound / bs
            while lo < hi {
                let mid = (lo + hi) / 2
                if runs[mid].logical + UInt64(runs[mid].count) <= firstBlock { lo = mid + 1 } else { hi = mid }
            }
            for run in runs[lo...] {
                let start = max(range.lowerBound, run.logical * bs)
                let end = min(range.upperBound, (run.logical + UInt64(run.count)) * bs)
                if run.logical * bs >= range.upperBound { break }
                guard start < end else { continue }
                let image = UInt64(run.physical) * bs + (start - run.logical * bs)
                if let last = out.last, last.file + last.length == start, last.image + last.length == image {
                    out[out.count - 1].length += end - start
                } else {
                    out.append((start, image, end - start))
                }
            }
            return out
        }
    }
}
