/// The initramfs of a 2.6 RHEL4 kernel, built as Red Hat's mkinitrd 4.2.1.x builds it (the
/// `mkinitrd` script at tag r4-2-1-10-1 of the historic mkinitrd git, kept in rhboot/grubby; "MK4"
/// in the comments below, with its line numbers): the same members, the same module choice and
/// order, the same nash /init script.
///
/// Everything comes from the guest tree (nash, insmod.static, udev.static, modules, fstab,
/// modprobe.conf); nothing of the guest is run and nothing of the host is read.
public enum Initrd {}
