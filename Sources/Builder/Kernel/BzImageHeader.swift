/// The x86 boot header of a bzImage (Linux Documentation/arch/x86/boot.rst, "The real-mode
/// kernel header"): where the compressed vmlinux (the payload) lies in the file.
struct BzImageHeader: Equatable {
    /// Number of 512-byte setup sectors after the boot sector (0 means 4, as boot.rst says).
    var setupSectors: Int
    /// The boot protocol version, e.g. 0x020F.
    var protocolVersion: UInt16
    /// The payload's offset from the start of the protected-mode code, and its length; nil
    /// before boot protocol 2.08, which has no such fields.
    var payload: (offset: UInt32, length: UInt32)?

    static func == (a: BzImageHeader, b: BzImageHeader) -> Bool {
        a.setupSectors == b.setupSectors && a.protocolVersion == b.protocolVersion
            && a.payload?.offset == b.payload?.offset && a.payload?.length == b.payload?.length
    }

    /// Field offsets in the file (boot.rst's table, offsets from the start of the image).
    static let setupSectorsOffset = 0x1F1
    static let magicOffset = 0x202
    static let versionOffset = 0x206
    static let payloadOffsetOffset = 0x248
    static let payloadLengthOffset = 0x24C
    static let magic = Array("HdrS".utf8)

    /// The header of `bytes`, or nil when they have no "HdrS" at 0x202 (not an x86 boot image).
    init?(_ bytes: [UInt8]) {
        let r = ByteReader(bytes)
        guard r.contains(BzImageHeader.magicOffset, 4),
            Array(bytes[BzImageHeader.magicOffset..<BzImageHeader.magicOffset + 4]) == BzImageHeader.magic,
            let sects = r.u8(BzImageHeader.setupSectorsOffset), let version = r.u16(BzImageHeader.versionOffset)
        else { return nil }
        setupSectors = sects == 0 ? 4 : Int(sects)
        protocolVersion = version
        if version >= 0x0208, let off = r.u32(BzImageHeader.payloadOffsetOffset),
            let len = r.u32(BzImageHeader.payloadLengthOffset)
        {
            payload = (off, len)
        } else {
            payload = nil
        }
    }

    /// "2.15" for 0x020F.
    var protocolText: String { "\(protocolVersion >> 8).\(String(protocolVersion & 0xFF).leftPadded(to: 2))" }

    /// The protected-mode code starts after the boot sector and the setup sectors.
    var protectedModeStart: Int { (setupSectors + 1) * 512 }

    /// The payload's bytes within `bytes`, or nil when the header points outside the file.
    func payloadBytes(in bytes: [UInt8]) -> ArraySlice<UInt8>? {
        guard let payload else { return nil }
        return ByteReader(bytes).slice(UInt64(protectedModeStart) + UInt64(payload.offset), UInt64(payload.length))
    }
}
