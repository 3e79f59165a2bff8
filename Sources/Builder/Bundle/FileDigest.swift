import Crypto
import Synchronization

/// A host file's size and SHA-256, as `sha256sum` computes it (holes read as zeros, but never read
/// from the disk: see `SparseStream`).
public struct FileDigest: Sendable, Equatable {
    public var size: UInt64
    /// 64 lowercase hex digits.
    public var sha256: String

    public init(size: UInt64, sha256: String) {
        self.size = size
        self.sha256 = sha256
    }

    public static func of(_ path: String) throws -> FileDigest {
        let stream = try SparseStream.open(path)
        var hasher = SHA256()
        try stream.forEachPiece { hasher.update(bufferPointer: $0) }
        try stream.close()
        return FileDigest(size: stream.size, sha256: hex(hasher.finalize()))
    }

    /// `of(path)`, remembered for the process's life by the file's identity (device, inode, size,
    /// times): the guests of a batch that share an input hash it once.
    public static func ofInput(_ path: String) throws -> FileDigest {
        let key = try HostPaths.identity(of: path)
        // Hashed under the lock: guests baked in parallel wait for the one hash.
        return try inputs.withLock { known in
            if let digest = known[key] { return digest }
            let digest = try of(path)
            known[key] = digest
            return digest
        }
    }

    private static let inputs = Mutex<[[Int64]: FileDigest]>([:])

    /// The SHA-256 of bytes in memory (a recipe file), as hex.
    public static func sha256(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in digest {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
