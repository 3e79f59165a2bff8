/// One temporary file that holds the data of archive members, each at its own offset, so the image
/// writer can copy it (in the kernel) in the order the image wants. The spool lives in the output's
/// work folder and goes with it: nothing is written outside the output folder.
///
/// Holes of sparse members stay holes in the spool. Members start at 4 KiB-aligned offsets so that
/// copies from the spool into the image stay page-aligned.
final class Spool {
    let file: HostFile
    private(set) var end: UInt64 = 0

    init(path: String) throws {
        file = try HostFile.create(path)
    }

    var path: String { file.path }

    /// Reserves room for a member of `size` bytes; returns where its byte 0 goes.
    func reserve(_ size: UInt64) -> UInt64 {
        let base = end
        end = (end + size + 4095) & ~UInt64(4095)
        return base
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws {
        try file.write(bytes, at: offset)
    }

    /// Makes the spool as long as what was reserved (a sparse member's trailing hole included).
    func finish() throws {
        if try file.size() < end { try file.truncate(to: end) }
    }
}
