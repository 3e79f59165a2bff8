import Crypto

/// The identifiers mke2fs and mkswap draw at random (filesystem UUID, directory hash seed, swap
/// UUID), derived instead from the guest's name and the device, so the same recipe gives the same
/// bytes on every run and every machine.
public enum DiskIdentity {
    public enum Purpose: String, Sendable {
        case filesystemUUID = "fs-uuid"
        case hashSeed = "hash-seed"
        case swapUUID = "swap-uuid"
        /// The domain config's uuid (device "").
        case domainUUID = "domain-uuid"
        /// The bytes of a vif's derived MAC (device "eth<N>").
        case vifMAC = "vif-mac"
        /// The MBR disk identifier of the `disk` layout's image (device: the whole disk, "sda").
        case diskSignature = "disk-signature"
    }

    /// 16 bytes: the first half of SHA-256("builder/v1/<purpose>" NUL name NUL device), marked as
    /// an RFC 4122 name-based UUID (version 5's bits, variant 10xx) so tools that check the
    /// version accept it.
    public static func uuid(_ purpose: Purpose, guest: String, device: String) -> [UInt8] {
        var input = Array("builder/v1/\(purpose.rawValue)".utf8)
        input.append(0)
        input += Array(guest.utf8)
        input.append(0)
        input += Array(device.utf8)
        var bytes = Array(SHA256.hash(data: input).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return bytes
    }

    /// The usual text form, 8-4-4-4-12 lowercase hex.
    public static func text(_ uuid: [UInt8]) -> String {
        var s = ""
        for (i, b) in uuid.enumerated() {
            if [4, 6, 8, 10].contains(i) { s += "-" }
            s += String(b, radix: 16).leftPadded(to: 2)
        }
        return s
    }
}
