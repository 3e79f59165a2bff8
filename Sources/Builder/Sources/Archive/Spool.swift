/// One temporary file that holds the data of archive members, each at its own offset, so the image
/// writer can copy it (in the kernel) in the order the image wants. The spool lives in the output's
/// work folder and goes with it: nothing is written outside the output folder.
///
/// Holes of sparse members stay holes in the spool. Members start at 4 KiB-aligned offsets so that
/// copies from the spool into the image stay page-aligned.
///
/// The spool never holds more data than the guest's disks could: `capacity` is what they can hold
/// (`Bake.spoolCapacity`), and a member whose data would pass it is refused at its header, before
/// any of its data is read. Free space in the spool's folder is checked before each member too.
final class Spool {
    let file: HostFile
    /// The most data (not counting holes) the spool may hold.
    let capacity: UInt64
    private(set) var end: UInt64 = 0
    /// The data bytes reserved so far: the sum of the members' data ranges.
    private(set) var dataBytes: UInt64 = 0
    private let folder: String

    init(path: String, capacity: UInt64 = .max) throws {
        file = try HostFile.create(path)
        self.capacity = capacity
        let slash = path.lastIndex(of: "/")
        folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
    }

    var path: String { file.path }

    /// Reserves room for `entry` (its declared size; its data, the sparse map's ranges or the whole
    /// size, counts against the capacity and the free space); returns where its byte 0 goes.
    /// Throws before anything is written when the data would not fit.
    func reserve(_ entry: ArchiveEntry, archive: String) throws -> UInt64 {
        let data = entry.dataBytes
        let (total, overflow) = dataBytes.addingReportingOverflow(data)
        if overflow || total > capacity {
            throw SpoolError.overCapacity(
                archive: archive, member: entry.printablePath, declared: entry.size, data: data,
                alreadySpooled: dataBytes, capacity: capacity)
        }
        let (padded, over) = end.addingReportingOverflow(entry.size)
        guard !over, padded <= UInt64(Int64.max) - 4095 else {
            throw SpoolError.overCapacity(
                archive: archive, member: entry.printablePath, declared: entry.size, data: data,
                alreadySpooled: dataBytes, capacity: capacity)
        }
        try FreeSpace.require(data, in: folder, for: "the data of '\(entry.printablePath)' from '\(archive)'")
        dataBytes = total
        let base = end
        end = (padded + 4095) & ~UInt64(4095)
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

extension ArchiveEntry {
    /// The bytes of data the member carries: its sparse map's ranges, or its whole size.
    var dataBytes: UInt64 {
        guard let sparse else { return size }
        // Saturating: a map of overlapping runs must not wrap around to a small number.
        return sparse.reduce(0) { sum, r in
            let (total, overflow) = sum.addingReportingOverflow(r.upperBound - r.lowerBound)
            return overflow ? .max : total
        }
    }
}

/// An archive whose data would take the spool past what the guest's disks can hold.
enum SpoolError: Error, Equatable, CustomStringConvertible {
    case overCapacity(archive: String, member: String, declared: UInt64, data: UInt64, alreadySpooled: UInt64, capacity: UInt64)

    var description: String {
        switch self {
        case .overCapacity(let a, let m, let declared, let data, let already, let capacity):
            let sparse = declared == data ? "" : " (\(data) bytes of data in a sparse member of \(declared) bytes)"
            return "archive '\(a)': member '\(m)' declares \(declared) bytes\(sparse); with the \(already) bytes of the members before it, the files need more than the \(capacity) bytes the disks can hold. The member's data was not read. Make the disks larger (or raise limits.maxImageSize for \"size\": \"auto\"), or check the archive"
        }
    }
}
