extension BootMemory {
    /// The kernel needs room beyond what the loader takes: it unpacks the initrd into memory next
    /// to the loaded copy, and then starts userspace. 64 MiB more than both is the margin asked.
    static let headroomMiB: UInt64 = 64

    /// A recipe's `memory` too small for the kernel and initrd the guest boots.
    public struct TooSmall: Swift.Error, Equatable, CustomStringConvertible {
        public var memoryMiB: Int
        public var kernel: String
        public var initrd: String?
        public var layout: BootMemory
        public var suggestedMiB: UInt64

        public var description: String {
            var text = "\"memory\" is \(memoryMiB) MiB (the domain's RAM, what xl's memory= gets), too little for "
                + "Xen's PV loader: it places the kernel \(kernel) in the first \(BootMemory.mib(layout.kernelPages)) MiB"
            if let initrd {
                text += ", then the initrd \(initrd) (\(BootMemory.mib(layout.initrdPages)) MiB as placed: a gzip initrd is gunzipped)"
            }
            text += ", and with its page tables and lists needs \(layout.neededMiB) MiB before the kernel runs; "
                + "xl create would fail (\"xc_dom_alloc_segment: segment ... too large\"); "
                + "set \"memory\" to at least \(suggestedMiB)"
            return text
        }
    }

    /// Checks `memoryMiB` for this kernel and initrd: throws `TooSmall` when the loader cannot
    /// place them; returns a report line, a "warning: ..." one when the loader fits but leaves the
    /// kernel less than the initrd's unpacked size plus 64 MiB.
    public static func check(
        kernel: KernelLoad, is64: Bool, initrd: Initrd?, memoryMiB: Int, kernelName: String, initrdName: String?
    ) throws(TooSmall) -> String {
        let layout = BootMemory(kernel: kernel, is64: is64, initrd: initrd, memoryMiB: memoryMiB)
        let suggested = suggestion(kernel: kernel, is64: is64, initrd: initrd, from: layout)
        guard layout.fits else {
            throw TooSmall(
                memoryMiB: memoryMiB, kernel: kernelName, initrd: initrdName, layout: layout, suggestedMiB: suggested)
        }
        let what = initrd == nil ? "the kernel" : "kernel and initrd"
        let placed = "memory \(memoryMiB) MiB: Xen's loader places \(what) in the first \(layout.neededMiB) MiB"
        guard UInt64(memoryMiB) >= suggested else {
            let unpacked = unpackedMiB(initrd)
            return TreeChange.warningPrefix + "\(placed), leaving \(UInt64(memoryMiB) - layout.neededMiB) MiB: the kernel needs room to unpack "
                + (initrd == nil ? "" : "its initrd (\(unpacked) MiB) ") + "and start; set \"memory\" to at least \(suggested)"
        }
        return placed
    }

    /// The loader's need + the initrd unpacked + 64 MiB, rounded up to a multiple of 64 MiB; the
    /// p2m list grows with the memory, so the need is taken again at the suggested size.
    static func suggestion(kernel: KernelLoad, is64: Bool, initrd: Initrd?, from layout: BootMemory) -> UInt64 {
        let unpacked = unpackedMiB(initrd)
        var need = layout.neededMiB
        var suggested: UInt64 = 0
        for _ in 0..<4 {
            suggested = (need + unpacked + headroomMiB + 63) / 64 * 64
            let again = BootMemory(kernel: kernel, is64: is64, initrd: initrd, memoryMiB: Int(clamping: suggested))
            if again.neededMiB <= need { break }
            need = again.neededMiB
        }
        return suggested
    }

    static func unpackedMiB(_ initrd: Initrd?) -> UInt64 { ((initrd?.unpackedSize ?? 0) + (1 << 20) - 1) >> 20 }

    /// Pages as whole MiB, rounded up.
    static func mib(_ pages: UInt64) -> UInt64 { (pages + pagesPerMiB - 1) / pagesPerMiB }
}
