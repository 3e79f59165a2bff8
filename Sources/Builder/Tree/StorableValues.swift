/// The ranges of owners and device numbers a guest's filesystem keeps exactly. A value outside
/// them is refused where it enters the tree (archive member, folder entry), naming it, and the ext
/// writer checks again before it narrows: nothing is stored changed (a gid of 2^40 is not root,
/// a device 4096:0 is not 0:0).
public enum StorableValues {
    /// uids and gids: ext2/3 keep 32 bits (i_uid plus l_i_uid_high, read by Linux since 2.4 and
    /// by the 2.6.9 kernel unless mounted `nouid32`); 4294967295 is (uid_t)-1, chown(2)'s "no
    /// change", never an owner.
    public static let maxOwnerID: UInt64 = 0xFFFF_FFFE
    /// Device numbers: Linux's dev_t has a 12-bit major and a 20-bit minor (MINORBITS,
    /// include/linux/kdev_t.h), exactly what ext2's new_encode_dev stores in i_block[1].
    public static let maxMajor: UInt64 = 4095
    public static let maxMinor: UInt64 = 0xF_FFFF

    /// An owner id as a source gives it (signed, 64-bit), or the reason it cannot be kept.
    public static func owner(_ value: Int64, field: String, place: String) throws(UnstorableValue) -> UInt32 {
        guard value >= 0, UInt64(value) <= maxOwnerID else {
            throw UnstorableValue(place: place, field: field, value: "\(value)", allowed: "0 to \(maxOwnerID)")
        }
        return UInt32(value)
    }

    /// A device number as a source gives it, or the reason it cannot be kept.
    public static func device(major: UInt64, minor: UInt64, place: String) throws(UnstorableValue) -> DeviceNumber {
        guard major <= maxMajor else {
            throw UnstorableValue(place: place, field: "device major", value: "\(major)", allowed: "0 to \(maxMajor)")
        }
        guard minor <= maxMinor else {
            throw UnstorableValue(place: place, field: "device minor", value: "\(minor)", allowed: "0 to \(maxMinor)")
        }
        return DeviceNumber(major: UInt32(major), minor: UInt32(minor))
    }

    /// Whether `d` is a device number ext keeps exactly.
    public static func fits(_ d: DeviceNumber) -> Bool {
        UInt64(d.major) <= maxMajor && UInt64(d.minor) <= maxMinor
    }
}

/// An owner or device number a guest's filesystem cannot hold as it is. `place` names the input
/// ("archive 'a.tar': member 'dev/x'", "'/srv/tree/dev/x'").
public struct UnstorableValue: Error, Equatable, CustomStringConvertible {
    public var place: String
    public var field: String
    public var value: String
    public var allowed: String

    public var description: String {
        "\(place): \(field) \(value) cannot be stored in an ext2/ext3 filesystem (allowed: \(allowed)); builder keeps values as they are or refuses them: fix it in the source"
    }
}
