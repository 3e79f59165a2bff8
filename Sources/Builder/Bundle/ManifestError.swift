/// An input the recipe names could not be hashed for the manifest (it vanished or became
/// unreadable after it was read).
public struct ManifestError: Error, Equatable, CustomStringConvertible {
    /// The recipe key naming the input ("source.tarball", "rpms[0]").
    public var role: String
    public var path: String
    public var reason: String

    public var description: String {
        "cannot hash \(role) '\(path)' for manifest.json: \(reason); check that the file is still there and readable"
    }
}
