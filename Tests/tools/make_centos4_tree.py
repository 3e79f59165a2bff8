#!/usr/bin/env python3
"""Writes a small, deterministic CentOS-4-shaped root tree (CentOS 4.5, kernel 2.6.9-55.EL, with
kernel-xenU 2.6.9-55.ELxenU installed but not yet set up), made from the real file formats, for the
tests of the Xen alignment (issue 4) and the bundled sample recipe.

Usage: make_centos4_tree.py [--arch i686|x86_64] [--no-devices] DIR
  DIR must not exist. As root the tree gets its owners (root, and alice 500:500 for /home/alice)
  and, unless --no-devices, a few /dev nodes; as another user owners and devices are skipped (the
  tree source maps owners anyway).

What it holds (every binary is a STUB: a valid ELF header and sections, no working code):
- /etc/redhat-release "CentOS release 4.5 (Final)"; /bin/bash (ELF32 EM_386 or ELF64 EM_X86_64
  executable with PT_INTERP), /bin/sh -> bash; /sbin/nash, /sbin/insmod.static (static ELF stubs).
- /etc/fstab as anaconda + fstab-sync write it (LABEL=/ and LABEL=/boot, LVM swap, pseudo file
  systems, a managed cdrom line); inittab with mingetty on tty1-6; securetty; modprobe.conf with
  e1000 and ata_piix; network, ifcfg-eth0 with HWADDR; SELinux enforcing; passwd, shadow, group.
- /lib/tls/libc.so.6 (32-bit) and, for x86_64, /lib64 libraries too.
- /etc/rc.d/init.d/{kudzu,network,sshd} with chkconfig headers and their rc0-6.d links as chkconfig
  makes them; /etc/init.d and /etc/rcN.d links into rc.d.
- /boot: the native kernel vmlinuz-2.6.9-55.EL (a bzImage: boot sector, setup header "HdrS", then
  a gzip'd non-Xen ELF), its initrd (gzip'd newc cpio) and config; the native grub.conf (paths
  relative to the separate /boot partition), menu.lst -> ./grub.conf, /etc/grub.conf ->
  ../boot/grub/grub.conf.
- kernel-xenU: /boot/vmlinuz-2.6.9-55.ELxenU, a gzip'd stripped ELF as the Xen arch Makefile makes
  it: i686 = ELF32 EM_386 with a `__xen_guest` section (the Xen 3.0 legacy string, PAE), x86_64 =
  ELF64 EM_X86_64 with "Xen" ELF notes in a PT_NOTE segment; /boot/config-2.6.9-55.ELxenU
  (xenblk, xennet as modules), /lib/modules/2.6.9-55.ELxenU with xenblk, xennet, jbd, ext3 (ELF
  relocatable stubs with .modinfo) and modules.dep in module-init-tools' absolute-path format;
  /etc/ld.so.conf.d/kernelcap-2.6.9-55.EL.conf "hwcap 0 nosegneg" (0444). No xenU initrd: that is
  for builder to write.
- /var, /tmp (1777), /root (0750), /home/alice (500:500).
Every time is 2007-05-01 00:00:00 UTC; nothing reads the clock; contents come from fixed seeds.
"""
import gzip
import hashlib
import io
import os
import struct
import sys
import zlib

MTIME = 1177977600  # 2007-05-01 00:00:00 UTC, around CentOS 4.5's release
NATIVE = "2.6.9-55.EL"
XENU = NATIVE + "xenU"
STUB_NOTE = b"builder test stub: an ELF header and sections only, no working code\0"


# ---------------------------------------------------------------------------------------------
# byte formats

def seeded(seed, n):
    """n deterministic bytes (sha256 in counter mode)."""
    out = bytearray()
    i = 0
    while len(out) < n:
        out += hashlib.sha256(b"%s:%d" % (seed.encode(), i)).digest()
        i += 1
    return bytes(out[:n])


def gzip9(data):
    """gzip -9 as Red Hat's scripts run it: no file name, mtime 0, OS = Unix (3)."""
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = raw.compress(data) + raw.flush()
    header = b"\x1f\x8b\x08\x00" + struct.pack("<I", 0) + b"\x02\x03"
    return header + body + struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data) & 0xFFFFFFFF)


ET_REL, ET_EXEC, ET_DYN = 1, 2, 3
EM_386, EM_X86_64 = 3, 62
SHT_PROGBITS, SHT_STRTAB, SHT_NOTE, SHT_NOBITS = 1, 3, 7, 8
SHF_WRITE, SHF_ALLOC, SHF_EXEC = 1, 2, 4
PT_LOAD, PT_INTERP, PT_NOTE = 1, 3, 4
PF_X, PF_W, PF_R = 1, 2, 4


def elf(bits, etype, machine, sections, segments=(), entry=0):
    """An ELF file: header, program headers, section contents, .shstrtab, section headers.

    sections: [(name, sh_type, sh_flags, sh_addr, data, sh_addralign)]
    segments: [(p_type, section_name, p_flags)] — each segment covers one section.
    """
    is64 = bits == 64
    ehsize, phentsize, shentsize = (64, 56, 64) if is64 else (52, 32, 40)
    shstrtab = b"\0"
    name_offsets = []
    for s in sections:
        name_offsets.append(len(shstrtab))
        shstrtab += s[0].encode() + b"\0"
    shstr_name = len(shstrtab)
    shstrtab += b".shstrtab\0"

    offset = ehsize + phentsize * len(segments)
    body = bytearray()
    placed = []  # (offset, size) per section
    for name, sh_type, flags, addr, data, align in sections:
        align = max(align, 1)
        pad = (-(offset + len(body))) % align
        body += b"\0" * pad
        placed.append((offset + len(body), len(data)))
        if sh_type != SHT_NOBITS:
            body += data
    shstr_off = offset + len(body)
    body += shstrtab
    body += b"\0" * ((-(offset + len(body))) % 8)
    shoff = offset + len(body)

    index = {s[0]: i for i, s in enumerate(sections)}
    phdrs = b""
    for p_type, sname, p_flags in segments:
        i = index[sname]
        off, size = placed[i]
        addr = sections[i][3]
        align = 0x1000 if p_type == PT_LOAD else (4 if p_type == PT_NOTE else 1)
        if is64:
            phdrs += struct.pack("<IIQQQQQQ", p_type, p_flags, off, addr, addr, size, size, align)
        else:
            phdrs += struct.pack("<IIIIIIII", p_type, off, addr, addr, size, size, p_flags, align)

    shdrs = b"\0" * shentsize  # SHN_UNDEF
    for i, (name, sh_type, flags, addr, data, align) in enumerate(sections):
        off, size = placed[i]
        if is64:
            shdrs += struct.pack("<IIQQQQIIQQ", name_offsets[i], sh_type, flags, addr, off, size, 0, 0, align, 0)
        else:
            shdrs += struct.pack("<IIIIIIIIII", name_offsets[i], sh_type, flags, addr, off, size, 0, 0, align, 0)
    if is64:
        shdrs += struct.pack("<IIQQQQIIQQ", shstr_name, SHT_STRTAB, 0, 0, shstr_off, len(shstrtab), 0, 0, 1, 0)
    else:
        shdrs += struct.pack("<IIIIIIIIII", shstr_name, SHT_STRTAB, 0, 0, shstr_off, len(shstrtab), 0, 0, 1, 0)

    ident = b"\x7fELF" + bytes([2 if is64 else 1, 1, 1, 0]) + b"\0" * 8
    shnum = len(sections) + 2
    phoff = ehsize if segments else 0
    if is64:
        header = ident + struct.pack("<HHIQQQIHHHHHH", etype, machine, 1, entry, phoff, shoff, 0,
                                     ehsize, phentsize, len(segments), shentsize, shnum, shnum - 1)
    else:
        header = ident + struct.pack("<HHIIIIIHHHHHH", etype, machine, 1, entry, phoff, shoff, 0,
                                     ehsize, phentsize, len(segments), shentsize, shnum, shnum - 1)
    return header + phdrs + bytes(body) + shdrs


def arch_bits(arch):
    return (64, EM_X86_64) if arch == "x86_64" else (32, EM_386)


def program_stub(arch, name, interpreter=None, bits=None):
    """An executable stub: .text (seeded bytes), .comment saying it is a stub; PT_INTERP when
    dynamically linked (as bash is), none for static binaries (nash, insmod.static)."""
    b, machine = arch_bits(arch)
    if bits is not None:
        b, machine = (bits, EM_X86_64 if bits == 64 else EM_386)
    base = 0x400000 if b == 64 else 0x08048000
    sections = []
    segments = []
    if interpreter:
        sections.append((".interp", SHT_PROGBITS, SHF_ALLOC, base + 0x200, interpreter.encode() + b"\0", 1))
        segments.append((PT_INTERP, ".interp", PF_R))
    sections.append((".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXEC, base + 0x1000, seeded(name, 512), 16))
    sections.append((".comment", SHT_PROGBITS, 0, 0, STUB_NOTE, 1))
    segments.append((PT_LOAD, ".text", PF_R | PF_X))
    return elf(b, ET_EXEC, machine, sections, segments, entry=base + 0x1000)


def library_stub(bits, name):
    machine = EM_X86_64 if bits == 64 else EM_386
    sections = [(".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXEC, 0x1000, seeded(name, 256), 16),
                (".comment", SHT_PROGBITS, 0, 0, STUB_NOTE, 1)]
    return elf(bits, ET_DYN, machine, sections, [(PT_LOAD, ".text", PF_R | PF_X)])


def module_stub(arch, name, depends, version):
    """A 2.6 kernel module: ELF relocatable with .modinfo (vermagic, depends) and the
    .gnu.linkonce.this_module section modprobe looks for."""
    b, machine = arch_bits(arch)
    vermagic = version + (" SMP gcc-3.4" if b == 64 else " SMP 686 REGPARM 4KSTACKS gcc-3.4")
    modinfo = b"license=GPL\0" + b"depends=" + ",".join(depends).encode() + b"\0" + b"vermagic=" + vermagic.encode() + b"\0"
    sections = [(".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXEC, 0, seeded(name, 256), 16),
                (".modinfo", SHT_PROGBITS, SHF_ALLOC, 0, modinfo, 1),
                (".gnu.linkonce.this_module", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 0,
                 b"\0" * 8 + name.encode().ljust(56, b"\0") + b"\0" * 64, 8 if b == 64 else 4),
                (".comment", SHT_PROGBITS, 0, 0, STUB_NOTE, 1)]
    return elf(b, ET_REL, machine, sections)


def xen_note(ntype, desc):
    """One ELF note of owner "Xen" (xen/include/public/elfnote.h)."""
    name = b"Xen\0"
    pad = lambda b: b + b"\0" * ((-len(b)) % 4)
    return struct.pack("<III", len(name), len(desc), ntype) + pad(name) + pad(desc)


XEN_FEATURES = "writable_page_tables|writable_descriptor_tables|auto_translated_physmap|pae_pgdir_above_4gb|supervisor_mode_kernel"


def xenu_vmlinux(arch):
    """The stripped xenU vmlinux, before gzip.

    i686: ELF32 EM_386 ET_EXEC with the legacy `__xen_guest` string that Xen 3.0-era i386 kernels
    carry (head-xen.S with CONFIG_XEN_COMPAT_030002, hex upper-case, NUL-terminated), PAE.
    x86_64: ELF64 EM_X86_64 ET_EXEC with Xen notes in a PT_NOTE segment (and a .note.Xen section).
    """
    text = seeded("xenU-text-" + arch, 48 * 1024) + b"\0" * (16 * 1024)
    if arch == "x86_64":
        base = 0xFFFFFFFF80000000
        entry = base + 0x100000
        notes = b"".join([
            xen_note(6, b"linux\0"), xen_note(7, b"2.6\0"), xen_note(5, b"xen-3.0\0"),
            xen_note(3, struct.pack("<Q", base)), xen_note(4, struct.pack("<Q", base)),
            xen_note(1, struct.pack("<Q", entry)), xen_note(2, struct.pack("<Q", entry + 0x2000)),
            xen_note(10, XEN_FEATURES.encode() + b"\0"), xen_note(8, b"generic\0"),
        ])
        sections = [(".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXEC, entry, text, 4096),
                    (".note.Xen", SHT_NOTE, SHF_ALLOC, entry + len(text), notes, 4),
                    (".comment", SHT_PROGBITS, 0, 0, STUB_NOTE, 1)]
        segments = [(PT_LOAD, ".text", PF_R | PF_X), (PT_NOTE, ".note.Xen", PF_R)]
        return elf(64, ET_EXEC, EM_X86_64, sections, segments, entry=entry)
    base = 0xC0000000
    entry = base + 0x100000
    guest = ("GUEST_OS=linux,GUEST_VER=2.6,XEN_VER=xen-3.0,VIRT_BASE=0x%X,ELF_PADDR_OFFSET=0x%X,"
             "VIRT_ENTRY=0x%X,HYPERCALL_PAGE=0x%X,FEATURES=%s,PAE=yes[extended-cr3],LOADER=generic"
             % (base, base, entry, 0x102, XEN_FEATURES))
    sections = [(".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXEC, entry, text, 4096),
                ("__xen_guest", SHT_PROGBITS, 0, 0, guest.encode() + b"\0", 1),
                (".comment", SHT_PROGBITS, 0, 0, STUB_NOTE, 1)]
    return elf(32, ET_EXEC, EM_386, sections, [(PT_LOAD, ".text", PF_R | PF_X)], entry=entry)


def native_bzimage(arch):
    """A native (non-Xen) kernel as the i386/x86_64 boot protocol lays it out: a 512-byte boot
    sector ending 55 AA, setup_sects at 0x1F1, the "HdrS" setup header (protocol 2.04) at 0x202,
    then the protected-mode part: here a gzip'd ELF stub standing for the compressed vmlinux."""
    b, machine = arch_bits(arch)
    setup_sects = 4
    image = bytearray(512 * (1 + setup_sects))
    image[0x1F1] = setup_sects
    image[0x1FE:0x200] = b"\x55\xaa"
    image[0x202:0x206] = b"HdrS"
    image[0x206:0x208] = struct.pack("<H", 0x0204)
    image[0x211] = 0x01  # loadflags: LOADED_HIGH (a bzImage)
    vmlinux = elf(b, ET_EXEC, machine,
                  [(".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXEC, 0x100000, seeded("native-" + arch, 32 * 1024), 16),
                   (".comment", SHT_PROGBITS, 0, 0, STUB_NOTE, 1)],
                  [(PT_LOAD, ".text", PF_R | PF_X)], entry=0x100000)
    return bytes(image) + gzip9(vmlinux)


def newc(entries):
    """A cpio archive in the SVR4 "newc" format (magic 070701, no CRC), as `cpio -H newc` writes it.
    entries: [(name, mode, data)]."""
    out = bytearray()
    ino = 1
    for name, mode, data in entries + [("TRAILER!!!", 0, b"")]:
        nm = name.encode() + b"\0"
        fields = [ino, mode, 0, 0, 1, MTIME if name != "TRAILER!!!" else 0, len(data), 0, 0, 0, 0, len(nm), 0]
        if name == "TRAILER!!!":
            fields[0] = 0
        out += b"070701" + b"".join(b"%08X" % f for f in fields) + nm
        out += b"\0" * ((-len(out)) % 4)
        out += data
        out += b"\0" * ((-len(out)) % 4)
        ino += 1
    out += b"\0" * ((-len(out)) % 512)
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# text files

FSTAB = """\
# This file is edited by fstab-sync - see 'man fstab-sync' for details
LABEL=/                 /                       ext3    defaults        1 1
LABEL=/boot             /boot                   ext3    defaults        1 2
none                    /dev/pts                devpts  gid=5,mode=620  0 0
none                    /dev/shm                tmpfs   defaults        0 0
none                    /proc                   proc    defaults        0 0
none                    /sys                    sysfs   defaults        0 0
/dev/VolGroup00/LogVol01 swap                   swap    defaults        0 0
/dev/hdc                /media/cdrom            auto    pamconsole,exec,noauto,managed 0 0
"""

INITTAB = """\
#
# inittab: what init(8) runs at boot and in each runlevel (CentOS 4 layout).
#
# Runlevels: 0 halt, 1 single user, 2 multiuser without NFS, 3 full multiuser,
# 4 unused, 5 X11, 6 reboot.
#
id:3:initdefault:

# System initialization.
si::sysinit:/etc/rc.d/rc.sysinit

l0:0:wait:/etc/rc.d/rc 0
l1:1:wait:/etc/rc.d/rc 1
l2:2:wait:/etc/rc.d/rc 2
l3:3:wait:/etc/rc.d/rc 3
l4:4:wait:/etc/rc.d/rc 4
l5:5:wait:/etc/rc.d/rc 5
l6:6:wait:/etc/rc.d/rc 6

# Trap CTRL-ALT-DELETE
ca::ctrlaltdel:/sbin/shutdown -t3 -r now

# UPS power events
pf::powerfail:/sbin/shutdown -f -h +2 "Power Failure; System Shutting Down"
pr:12345:powerokwait:/sbin/shutdown -c "Power Restored; Shutdown Cancelled"


# Run gettys in standard runlevels
1:2345:respawn:/sbin/mingetty tty1
2:2345:respawn:/sbin/mingetty tty2
3:2345:respawn:/sbin/mingetty tty3
4:2345:respawn:/sbin/mingetty tty4
5:2345:respawn:/sbin/mingetty tty5
6:2345:respawn:/sbin/mingetty tty6

# Run xdm in runlevel 5
x:5:respawn:/etc/X11/prefdm -nodaemon
"""

SECURETTY = "console\n" + "".join("vc/%d\n" % i for i in range(1, 12)) + "".join("tty%d\n" % i for i in range(1, 12))

MODPROBE = """\
alias eth0 e1000
alias scsi_hostadapter ata_piix
alias usb-controller ehci-hcd
alias usb-controller1 uhci-hcd
alias snd-card-0 snd-intel8x0
options snd-card-0 index=0
options e1000 InterruptThrottleRate=8000
install snd-intel8x0 /sbin/modprobe --ignore-install snd-intel8x0 && /usr/sbin/alsactl restore >/dev/null 2>&1 || :
remove snd-intel8x0 { /usr/sbin/alsactl store >/dev/null 2>&1 || : ; }; /sbin/modprobe -r --ignore-remove snd-intel8x0
"""

NETWORK = "NETWORKING=yes\nHOSTNAME=c4.example.com\nGATEWAY=192.168.10.1\n"

IFCFG_ETH0 = """\
DEVICE=eth0
BOOTPROTO=static
BROADCAST=192.168.10.255
HWADDR=00:0C:29:5A:3B:7E
IPADDR=192.168.10.20
NETMASK=255.255.255.0
NETWORK=192.168.10.0
ONBOOT=yes
TYPE=Ethernet
"""

IFCFG_LO = "DEVICE=lo\nIPADDR=127.0.0.1\nNETMASK=255.0.0.0\nNETWORK=127.0.0.0\nBROADCAST=127.255.255.255\nONBOOT=yes\nNAME=loopback\n"

SELINUX = """\
# This file controls the state of SELinux on the system.
# SELINUX= can take one of these three values:
#	enforcing - SELinux security policy is enforced.
#	permissive - SELinux prints warnings instead of enforcing.
#	disabled - SELinux is fully disabled.
SELINUX=enforcing
# SELINUXTYPE= type of policy in use. Possible values are:
#	targeted - Only targeted network daemons are protected.
#	strict - Full SELinux protection.
SELINUXTYPE=targeted
"""

PASSWD = """\
root:x:0:0:root:/root:/bin/bash
bin:x:1:1:bin:/bin:/sbin/nologin
daemon:x:2:2:daemon:/sbin:/sbin/nologin
adm:x:3:4:adm:/var/adm:/sbin/nologin
nobody:x:99:99:Nobody:/:/sbin/nologin
sshd:x:74:74:Privilege-separated SSH:/var/empty/sshd:/sbin/nologin
alice:x:500:500::/home/alice:/bin/bash
"""

# MD5-crypt ($1$) hashes: RHEL4's glibc has no SHA-crypt. These are of no real password.
SHADOW = """\
root:$1$c4stub00$Qw1y9mG0xTn3zJ8fW2bYk.:13634:0:99999:7:::
bin:*:13634:0:99999:7:::
daemon:*:13634:0:99999:7:::
adm:*:13634:0:99999:7:::
nobody:*:13634:0:99999:7:::
sshd:!!:13634:0:99999:7:::
alice:$1$c4stub01$L0n9cV3pX7aQe2Rt5sUy8/:13634:0:99999:7:::
"""

GROUP = """\
root:x:0:root
bin:x:1:root,bin,daemon
daemon:x:2:root,bin,daemon
adm:x:4:root,adm,daemon
tty:x:5:
wheel:x:10:root
nobody:x:99:
sshd:x:74:
alice:x:500:
"""

HOSTS = "# Do not remove the following line, or various programs\n# that require network functionality will fail.\n127.0.0.1\tlocalhost.localdomain localhost\n192.168.10.20\tc4.example.com c4\n"

# chkconfig headers: "# chkconfig: <runlevels> <start> <stop>" (chkconfig(8)).
SERVICES = {
    "kudzu": ("345", 5, 95, "kudzu detects and configures new and/or changed hardware on a system."),
    "network": ("2345", 10, 90, "Activates/Deactivates all network interfaces configured to start at boot time."),
    "sshd": ("2345", 55, 25, "OpenSSH server daemon"),
}


def init_script(name, levels, start, stop, description):
    return ("#!/bin/bash\n#\n# %s\tSTUB init script (builder test tree)\n#\n"
            "# chkconfig: %s %02d %02d\n# description: %s\n\n"
            "case \"$1\" in\n  start|stop|restart|status) exit 0 ;;\n  *) echo $\"Usage: $0 {start|stop|restart|status}\"; exit 1 ;;\n"
            "esac\n" % (name, levels, start, stop, description))


def native_grub_conf(arch):
    return """\
# grub.conf generated by anaconda
#
# /boot is a separate partition: kernel and initrd paths are relative to it.
#          root (hd0,0)
#          kernel /vmlinuz-version ro root=LABEL=/
#          initrd /initrd-version.img
#boot=/dev/hda
default=0
timeout=5
splashimage=(hd0,0)/grub/splash.xpm.gz
hiddenmenu
title CentOS-4 %(a)s (%(v)s)
\troot (hd0,0)
\tkernel /vmlinuz-%(v)s ro root=LABEL=/ rhgb quiet
\tinitrd /initrd-%(v)s.img
""" % {"v": NATIVE, "a": "x86_64" if arch == "x86_64" else "i386"}


def kernel_config(arch, xen):
    lines = ["#", "# Automatically generated make config: don't edit", "# Linux kernel version: 2.6.9-55.EL%s" % ("xenU" if xen else ""), "#"]
    if arch == "x86_64":
        lines += ["CONFIG_X86_64=y", "CONFIG_64BIT=y"]
    else:
        lines += ["CONFIG_X86=y", "CONFIG_M686=y", "CONFIG_HIGHMEM64G=y" if xen else "CONFIG_HIGHMEM4G=y",
                  "CONFIG_X86_PAE=y" if xen else "# CONFIG_X86_PAE is not set"]
    lines += ["CONFIG_MODULES=y", "CONFIG_EXT3_FS=m", "CONFIG_JBD=m", "# CONFIG_IKCONFIG is not set"]
    if xen:
        lines += ["CONFIG_XEN=y", "CONFIG_XEN_PRIVILEGED_GUEST=n", "CONFIG_XEN_UNPRIVILEGED_GUEST=y",
                  "CONFIG_XEN_BLKDEV_FRONTEND=m", "CONFIG_XEN_NETDEV_FRONTEND=m", "# CONFIG_XEN_BLKDEV_BACKEND is not set",
                  "CONFIG_XEN_COMPAT_030002=y"]
    else:
        lines += ["CONFIG_E1000=m", "CONFIG_SCSI_ATA_PIIX=m", "CONFIG_SCSI_SATA=y", "CONFIG_BLK_DEV_DM=m"]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# the tree

class Maker:
    def __init__(self, root, arch, devices):
        self.root = os.path.abspath(root)
        self.arch = arch
        self.is_root = os.geteuid() == 0
        self.devices = devices and self.is_root
        self.owners = {}  # path -> (uid, gid) other than root

    def p(self, path):
        return os.path.join(self.root, path.lstrip("/"))

    def dir(self, path, mode=0o755):
        full = self.p(path)
        os.makedirs(full, exist_ok=True)
        os.chmod(full, mode)

    def file(self, path, content, mode=0o644):
        if isinstance(content, str):
            content = content.encode()
        full = self.p(path)
        parent = os.path.dirname(full)
        if not os.path.isdir(parent):
            os.makedirs(parent)
        with open(full, "wb") as f:
            f.write(content)
        os.chmod(full, mode)

    def link(self, path, target):
        full = self.p(path)
        parent = os.path.dirname(full)
        if not os.path.isdir(parent):
            os.makedirs(parent)
        os.symlink(target, full)

    def node(self, path, kind, major, minor, mode):
        if self.devices:
            os.mknod(self.p(path), mode | kind, os.makedev(major, minor))
            os.chmod(self.p(path), mode)

    def own(self, path, uid, gid):
        self.owners[path] = (uid, gid)

    def finish(self):
        """Owners (as root) and the fixed time on everything, children before their folders."""
        for dirpath, dirnames, filenames in os.walk(self.root, topdown=False):
            for name in filenames + dirnames:
                full = os.path.join(dirpath, name)
                self.settle(full)
        self.settle(self.root)

    def settle(self, full):
        rel = "/" + os.path.relpath(full, self.root) if full != self.root else "/"
        if self.is_root:
            uid, gid = self.owners.get(rel, (0, 0))
            os.lchown(full, uid, gid)
        os.utime(full, (MTIME, MTIME), follow_symlinks=False)


def make(root, arch, devices):
    m = Maker(root, arch, devices)
    os.mkdir(m.root)
    bits, _ = arch_bits(arch)
    libdir = "/lib64" if arch == "x86_64" else "/lib"
    interp = "/lib64/ld-linux-x86-64.so.2" if arch == "x86_64" else "/lib/ld-linux.so.2"

    for d in ["/bin", "/sbin", "/lib", "/etc", "/etc/sysconfig", "/etc/X11", "/usr", "/usr/bin", "/usr/sbin",
              "/usr/lib", "/usr/share", "/var", "/var/log", "/var/lib", "/var/run", "/var/lock", "/var/spool",
              "/var/empty", "/var/empty/sshd", "/opt", "/mnt", "/media", "/media/cdrom", "/srv", "/selinux",
              "/proc", "/sys", "/initrd", "/home", "/dev", "/dev/pts", "/dev/shm", "/misc"]:
        m.dir(d)
    m.dir("/tmp", 0o1777)
    m.dir("/var/tmp", 0o1777)
    m.dir("/root", 0o750)
    if arch == "x86_64":
        m.dir("/lib64")

    # release and binaries
    m.file("/etc/redhat-release", "CentOS release 4.5 (Final)\n")
    m.file("/bin/bash", program_stub(arch, "bash", interpreter=interp), 0o755)
    m.link("/bin/sh", "bash")
    m.file("/sbin/nash", program_stub(arch, "nash"), 0o755)
    m.file("/sbin/insmod.static", program_stub(arch, "insmod.static"), 0o755)
    for name in ["init", "mingetty", "agetty"]:
        m.file("/sbin/" + name, program_stub(arch, name, interpreter=interp), 0o755)
    m.file("/usr/sbin/sshd", program_stub(arch, "sshd", interpreter=interp), 0o755)

    # libraries: glibc in /lib (or /lib64) and the NPTL copy in /lib/tls; 32-bit compat on x86_64
    m.file(interp, library_stub(bits, "ld.so"), 0o755)
    m.file(libdir + "/libc-2.3.4.so", library_stub(bits, "libc-2.3.4"), 0o755)
    m.link(libdir + "/libc.so.6", "libc-2.3.4.so")
    m.file(libdir + "/tls/libc-2.3.4.so", library_stub(bits, "tls-libc-2.3.4"), 0o755)
    m.link(libdir + "/tls/libc.so.6", "libc-2.3.4.so")
    m.file(libdir + "/tls/libpthread-2.3.4.so", library_stub(bits, "tls-libpthread-2.3.4"), 0o755)
    m.link(libdir + "/tls/libpthread.so.0", "libpthread-2.3.4.so")
    if arch == "x86_64":
        m.file("/lib/tls/libc-2.3.4.so", library_stub(32, "compat-tls-libc-2.3.4"), 0o755)
        m.link("/lib/tls/libc.so.6", "libc-2.3.4.so")
    m.file("/etc/ld.so.conf", "include ld.so.conf.d/*.conf\n")
    m.file("/etc/ld.so.conf.d/kernelcap-%s.conf" % NATIVE, "hwcap 0 nosegneg\n", 0o444)

    # configuration
    m.file("/etc/fstab", FSTAB)
    m.file("/etc/inittab", INITTAB)
    m.file("/etc/securetty", SECURETTY)
    m.file("/etc/modprobe.conf", MODPROBE)
    m.file("/etc/sysconfig/network", NETWORK)
    m.file("/etc/sysconfig/network-scripts/ifcfg-eth0", IFCFG_ETH0)
    m.file("/etc/sysconfig/network-scripts/ifcfg-lo", IFCFG_LO)
    m.file("/etc/sysconfig/kernel", "# UPDATEDEFAULT: new kernels become the default\nUPDATEDEFAULT=yes\n\n# DEFAULTKERNEL: the package that becomes the default\nDEFAULTKERNEL=kernel\n")
    m.file("/etc/sysconfig/clock", 'ZONE="Europe/Berlin"\nUTC=true\nARC=false\n')
    m.file("/etc/selinux/config", SELINUX)
    m.file("/etc/passwd", PASSWD)
    m.file("/etc/shadow", SHADOW, 0o400)
    m.file("/etc/group", GROUP)
    m.file("/etc/hosts", HOSTS)

    # init scripts as chkconfig links them: S<start> in the listed runlevels, K<stop> elsewhere
    m.file("/etc/rc.d/rc.sysinit", "#!/bin/bash\n# STUB rc.sysinit (builder test tree)\nexit 0\n", 0o755)
    m.file("/etc/rc.d/rc", "#!/bin/bash\n# STUB rc (builder test tree)\nexit 0\n", 0o755)
    m.file("/etc/rc.d/rc.local", "#!/bin/sh\ntouch /var/lock/subsys/local\n", 0o755)
    for level in range(7):
        m.dir("/etc/rc.d/rc%d.d" % level)
        m.link("/etc/rc%d.d" % level, "rc.d/rc%d.d" % level)
    m.link("/etc/init.d", "rc.d/init.d")
    m.link("/etc/rc.sysinit", "rc.d/rc.sysinit")
    m.link("/etc/rc.local", "rc.d/rc.local")
    for name, (levels, start, stop, description) in sorted(SERVICES.items()):
        m.file("/etc/rc.d/init.d/" + name, init_script(name, levels, start, stop, description), 0o755)
        for level in range(7):
            link = ("S%02d%s" % (start, name)) if str(level) in levels else ("K%02d%s" % (stop, name))
            m.link("/etc/rc.d/rc%d.d/%s" % (level, link), "../init.d/" + name)

    # users
    m.file("/root/.bash_profile", "# .bash_profile\nPATH=$PATH:$HOME/bin\nexport PATH\n")
    m.dir("/home/alice", 0o700)
    m.file("/home/alice/.bash_profile", "# .bash_profile\nPATH=$PATH:$HOME/bin\nexport PATH\n")
    m.own("/home/alice", 500, 500)
    m.own("/home/alice/.bash_profile", 500, 500)

    # the native kernel and its boot loader configuration (separate /boot partition)
    m.dir("/boot")
    m.dir("/boot/grub")
    m.file("/boot/vmlinuz-" + NATIVE, native_bzimage(arch))
    m.file("/boot/config-" + NATIVE, kernel_config(arch, xen=False))
    m.file("/boot/System.map-" + NATIVE, "c0100000 T _text\nc0100000 T startup_32\n")
    m.file("/boot/initrd-%s.img" % NATIVE, gzip9(newc([
        ("bin", 0o40755, b""), ("bin/nash", 0o100755, program_stub(arch, "nash")),
        ("init", 0o100755, b"#!/bin/nash\n\nmount -t proc /proc /proc\nswitchroot /sysroot\n"),
    ])))
    m.file("/boot/grub/grub.conf", native_grub_conf(arch), 0o600)
    m.link("/boot/grub/menu.lst", "./grub.conf")
    m.link("/etc/grub.conf", "../boot/grub/grub.conf")
    m.file("/boot/grub/device.map", "# this device map was generated by anaconda\n(hd0)     /dev/hda\n")
    native_mods = {
        "kernel/drivers/net/e1000/e1000.ko": [],
        "kernel/drivers/scsi/libata.ko": [],
        "kernel/drivers/scsi/ata_piix.ko": ["libata"],
        "kernel/fs/jbd/jbd.ko": [],
        "kernel/fs/ext3/ext3.ko": ["jbd"],
    }
    modules_tree(m, NATIVE, native_mods)

    # kernel-xenU 2.6.9-55.ELxenU, installed but not set up (no initrd, no menu entry)
    m.file("/boot/vmlinuz-" + XENU, gzip9(xenu_vmlinux(arch)))
    m.file("/boot/config-" + XENU, kernel_config(arch, xen=True))
    m.file("/boot/System.map-" + XENU, "c0100000 T _text\nc0100000 T startup_32\n")
    xen_mods = {
        "kernel/drivers/xen/blkfront/xenblk.ko": [],
        "kernel/drivers/xen/netfront/xennet.ko": [],
        "kernel/fs/jbd/jbd.ko": [],
        "kernel/fs/ext3/ext3.ko": ["jbd"],
    }
    modules_tree(m, XENU, xen_mods)

    # device nodes (root only; RHEL4 keeps a handful on disk beneath udev's tmpfs)
    S_IFCHR = 0o020000
    m.node("/dev/console", S_IFCHR, 5, 1, 0o600)
    m.node("/dev/null", S_IFCHR, 1, 3, 0o666)
    m.node("/dev/zero", S_IFCHR, 1, 5, 0o666)

    m.finish()


def modules_tree(m, version, modules):
    """/lib/modules/VERSION with module stubs and modules.dep as module-init-tools 3.1 (RHEL4)
    writes it: absolute paths, one `module.ko: dep.ko ...` line per module."""
    base = "/lib/modules/" + version
    paths = {}
    for rel, deps in modules.items():
        name = os.path.basename(rel)[:-3]
        paths[name] = base + "/" + rel
        m.file(base + "/" + rel, module_stub(m.arch, name.replace("-", "_"), deps, version))
    lines = []
    for rel, deps in sorted(modules.items()):
        lines.append("%s/%s:%s" % (base, rel, "".join(" " + paths[d] for d in deps)))
    m.file(base + "/modules.dep", "\n".join(lines) + "\n\n")
    m.link(base + "/build", "../../../usr/src/kernels/%s-%s" % (version, "x86_64" if m.arch == "x86_64" else "i686"))


def main(argv):
    arch = "i686"
    devices = True
    args = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--arch":
            i += 1
            arch = argv[i] if i < len(argv) else ""
        elif a.startswith("--arch="):
            arch = a.split("=", 1)[1]
        elif a == "--no-devices":
            devices = False
        else:
            args.append(a)
        i += 1
    if arch not in ("i686", "x86_64") or len(args) != 1:
        sys.stderr.write("usage: make_centos4_tree.py [--arch i686|x86_64] [--no-devices] DIR\n")
        return 2
    if os.path.lexists(args[0]):
        sys.stderr.write("make_centos4_tree.py: %s exists; give a new folder\n" % args[0])
        return 1
    os.umask(0o022)  # folders made on the way get 0755 whatever the caller's umask
    make(args[0], arch, devices)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
