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
                for i in 0..<min(UInt64(run.count), 12 - run.logical) {
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

        /// Hands each indirect block's pointers to `body`, in allocation (= physical) order. Only
        /// one level-1 table is in memory at a time; the few upper-level tables are built first.
        func forEachIndirectBlock(perBlock: UInt64, _ body: (UInt32, [UInt32]) throws -> Void) throws {
            guard !indirect.isEmpty else { return }
            let regions = Regions(perBlock: perBlock)
            var upper: [Indirect: [UInt32]] = [:]
            for (key, _) in indirect where key.level > 1 {
                upper[key] = [UInt32](repeating: 0, count: Int(perBlock))
            }
            // Level 2 and 3 entries point at the indirect block one level down.
            for (key, physical) in indirect where key.level < 3 {
                let chain = regions.chain(key.first)
                guard let at = chain.firstIndex(of: key), at > 0 else { continue }
                let parent = chain[at - 1]
                let span = key.level == 1 ? perBlock : perBlock * perBlock
                upper[parent]?[Int((key.first - parent.first) / span)] = physical
            }
            for (key, physical) in indirect {
                if key.level > 1 {
                    try body(physical, upper[key] ?? [])
                } else {
                    try body(physical, dataPointers(from: key.first, count: perBlock))
                }
            }
        }

        /// Level-1 entries: the data block of each logical block `first ..< first + count` (0 = hole).
        private func dataPointers(from first: UInt64, count: UInt64) -> [UInt32] {
            var table = [UInt32](repeating: 0, count: Int(count))
            var i = firstRun(endingAfter: first)
            while i < runs.count, runs[i].logical < first + count {
                let run = runs[i]
                let lo = max(run.logical, first)
                let hi = min(run.logical + UInt64(run.count), first + count)
                if lo < hi {
                    for l in lo..<hi { table[Int(l - first)] = run.physical + UInt32(l - run.logical) }
                }
                i += 1
            }
            return table
        }

        /// The index of the first run that ends after logical block `block`.
        private func firstRun(endingAfter block: UInt64) -> Int {
            var lo = 0, hi = runs.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if runs[mid].logical + UInt64(runs[mid].count) <= block { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }

        /// Where bytes `range` of the file lie in the image: (offset in the file, offset in the
        /// image, length) for each physically contiguous piece. Bytes outside mapped blocks are
        /// skipped (they are holes).
        func placements(of range: Range<UInt64>, blockSize: Int) -> [(file: UInt64, image: UInt64, length: UInt64)] {
            let bs = UInt64(blockSize)
            var out: [(file: UInt64, image: UInt64, length: UInt64)] = []
            for run in runs[firstRun(endingAfter: range.lowerBound / bs)...] {
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
