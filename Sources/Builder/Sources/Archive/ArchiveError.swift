/// What can go wrong reading an archive; each case names the archive and, where known, the member.
enum ArchiveError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case corrupt(path: String, member: String?, lastGood: String?, reason: String)

    var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot read archive '\(path)': \(reason); check that the file exists and is a tar, cpio or rpm archive"
        case .corrupt(let path, let member, let lastGood, let reason):
            var where_ = ""
            if let member { where_ += " at member '\(member)'" }
            where_ += lastGood.map { " (last good member: '\($0)')" } ?? " (no member was read whole)"
            return "archive '\(path)' is truncated or corrupt\(where_): \(reason); make the archive again"
        }
    }
}
