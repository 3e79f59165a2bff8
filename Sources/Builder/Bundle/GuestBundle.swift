/// The optional one-file form of a guest's folder (recipe `output.bundle`): a compressed pax tar
/// `<name>.tar.<ext>` inside the folder, holding every other file of it under `<name>/`, images
/// stored sparse; beside it `<name>.tar.<ext>.sha256`, its hash in `sha256sum` format.
///
/// The bundle's hash cannot go into manifest.json or report.txt: both are members of the bundle,
/// so the bundle's bytes depend on them. A separate file in `sha256sum -c` format is checkable as
/// it stands.
public enum GuestBundle {
    public enum Format: String, Sendable, Equatable, CaseIterable {
        case gzip = "tar.gz"
        case xz = "tar.xz"
        case zstd = "tar.zst"

        /// For messages: `"tar.gz", "tar.xz", "tar.zst"`.
        public static var allowedText: String { allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") }
    }

    /// `<guest>.tar.gz`.
    public static func fileName(guest: String, format: Format) -> String {
        guest + "." + format.rawValue
    }

    /// `<guest>.tar.gz.sha256`.
    public static func checksumFileName(guest: String, format: Format) -> String {
        fileName(guest: guest, format: format) + ".sha256"
    }
}
