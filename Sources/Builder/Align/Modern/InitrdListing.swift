/// The member names of an initramfs, read the way the kernel unpacks one (Documentation/
/// driver-api/early-userspace/buffer-format.rst): newc cpio archives (`070701`, or `070702` with
/// checksums) one after another, each maybe compressed, with zero bytes between them. Debian's
/// initramfs-tools and dracut put an uncompressed early-microcode cpio first when microcode
/// packages are installed, then the compressed main archive (gzip, zstd, xz, lz4...).
enum InitrdListing {
    struct Error: Swift.Error, Equatable, CustomStringConvertible {
        var initrd: String
        var reason: String
        var description: String { "cannot read the initrd \(initrd): \(reason)" }
    }

    static let newcMagic = Array("07070".utf8)
    static let trailer = "TRAILER!!!"

    /// Every member name (without a leading "./" or "/"), in archive order.
    static func names(_ bytes: [UInt8], initrd: String) throws -> [String] {
        var names: [String] = []
        var data = bytes
        var offset = 0
        while true {
            while offset < data.count && data[offset] == 0 { offset += 1 }
            guard offset < data.count else { return names }
            if data[offset...].starts(with: newcMagic) {
                offset = try readArchive(data, from: offset, initrd: initrd, into: &names)
                continue
            }
            // A compressed segment: the kernel decompresses it and unpacks what comes out.
            let decompressed: (bytes: [UInt8], filter: String)?
            do {
                decompressed = try StreamDecompressor.decompress(Array(data[offset...]))
            } catch {
                throw Error(initrd: initrd, reason: "\(error)")
            }
            guard let decompressed else {
                throw Error(initrd: initrd, reason: "at byte \(offset) there is neither a newc cpio header nor a stream compressed with a method the kernel reads")
            }
            guard decompressed.bytes.starts(with: newcMagic) else {
                throw Error(initrd: initrd, reason: "its \(decompressed.filter) stream at byte \(offset) does not hold a newc cpio archive")
            }
            // libarchive reads the stream to its end; what follows a compressed segment is rare
            // (dracut's squash) and not needed to find a module, so reading stops here.
            data = decompressed.bytes
            offset = 0
        }
    }

    /// Reads one newc archive from `start`; returns the offset after its trailer.
    private static func readArchive(_ data: [UInt8], from start: Int, initrd: String, into names: inout [String]) throws -> Int {
        var offset = start
        while true {
            guard offset + 110 <= data.count else {
                throw Error(initrd: initrd, reason: "a cpio header at byte \(offset) is cut short")
            }
            func field(_ index: Int) throws -> Int {
                let from = offset + 6 + index * 8
                guard let value = Int(String(decoding: data[from..<from + 8], as: UTF8.self), radix: 16) else {
                    throw Error(initrd: initrd, reason: "the cpio header at byte \(offset) has a field that is not hex")
                }
                return value
            }
            let fileSize = try field(6)
            let nameSize = try field(11)
            let nameStart = offset + 110
            guard nameSize >= 1, nameStart + nameSize <= data.count else {
                throw Error(initrd: initrd, reason: "the cpio member at byte \(offset) has a name past the end")
            }
            let name = String(decoding: data[nameStart..<nameStart + nameSize - 1], as: UTF8.self)
            let dataStart = align4(nameStart + nameSize)
            let next = align4(dataStart + fileSize)
            guard dataStart + fileSize <= data.count else {
                throw Error(initrd: initrd, reason: "the cpio member \(name) ends past the end of the data")
            }
            offset = next
            if name == trailer { return min(offset, data.count) }
            var trimmed = Substring(name)
            while trimmed.hasPrefix("./") { trimmed = trimmed.dropFirst(2) }
            while trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
            if !trimmed.isEmpty && trimmed != "." { names.append(String(trimmed)) }
            guard offset < data.count, data[offset...].starts(with: newcMagic) else {
                throw Error(initrd: initrd, reason: "the cpio archive at byte \(start) ends without its \(trailer) member")
            }
        }
    }

    private static func align4(_ n: Int) -> Int { (n + 3) & ~3 }

    /// The member that is the Xen block frontend module (xen-blkfront.ko, maybe .xz/.zst/.gz).
    static func blockFrontend(in names: [String]) -> String? {
        names.first { name in
            let base = name.split(separator: "/").last.map(String.init) ?? name
            return base == "xen-blkfront.ko" || base.hasPrefix("xen-blkfront.ko.")
        }
    }
}
