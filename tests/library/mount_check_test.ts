/** The check that a new library's drive is mounted: the tables read, and a real mount. */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  fstabMountPoints,
  missingMount,
  mountedPoints,
  unmountedDrive,
} from "../../src/library/mount_check.ts";
import { tempDir } from "../helpers.ts";

const FSTAB = `# /etc/fstab: static file system information.
UUID=1b2c  /               ext4    errors=remount-ro 0 1
UUID=9f0e  none            swap    sw              0 0
//nas/photos /mnt/nas\\040share cifs  credentials=/root/.nas,noauto 0 0
/dev/sdb1  /media/usb      exfat   noauto,user     0 0
/dev/sdb2  /media/usb/deep ext4    noauto          0 0
`;

Deno.test("fstab's mount points are read with their escapes; the root, swap and comments are not", () => {
  assert.deepEqual(fstabMountPoints(FSTAB), ["/mnt/nas share", "/media/usb", "/media/usb/deep"]);
  const mounts = mountedPoints("sysfs /sys sysfs rw 0 0\n/dev/sdb1 /media/usb exfat rw 0 0\n");
  assert.deepEqual([...mounts], ["/sys", "/media/usb"]);
});

Deno.test("the deepest fstab mount point holding the library decides, by whole folder names", () => {
  const expected = fstabMountPoints(FSTAB);
  const none = new Set<string>();
  assert.equal(missingMount("/mnt/nas share/Slooh", expected, none), "/mnt/nas share");
  assert.equal(missingMount("/mnt/nas share", expected, none), "/mnt/nas share");
  // A sibling whose name merely starts the same is not on the drive.
  assert.equal(missingMount("/mnt/nas shared/Slooh", expected, none), null);
  assert.equal(missingMount("/home/me/Pictures/Slooh", expected, none), null);
  // The outer drive is mounted, the inner one not: the inner one holds the library.
  const outer = new Set(["/media/usb"]);
  assert.equal(missingMount("/media/usb/deep/Slooh", expected, outer), "/media/usb/deep");
  assert.equal(missingMount("/media/usb/Slooh", expected, outer), null);
});

/** Small tmpfs mounts need root; elsewhere the last test is reported as ignored. */
const root = Deno.build.os === "linux" && Deno.uid() === 0;

Deno.test({
  name: "a drive is found missing from /proc/self/mounts once unmounted, and present while mounted",
  ignore: !root,
  fn: async () => {
    const dir = await tempDir();
    const drive = join(dir, "drive");
    await Deno.mkdir(drive);
    const fstab = join(dir, "fstab");
    await Deno.writeTextFile(fstab, `tmpfs ${drive.replaceAll(" ", "\\040")} tmpfs noauto 0 0\n`);
    const tables = { fstab, mounts: "/proc/self/mounts" };
    const mount = await new Deno.Command("mount", {
      args: ["-t", "tmpfs", "-o", "size=64k", "tmpfs", drive],
    }).output();
    assert.ok(mount.success, new TextDecoder().decode(mount.stderr));
    try {
      assert.equal(unmountedDrive(join(drive, "Slooh"), tables), null);
    } finally {
      await new Deno.Command("umount", { args: [drive] }).output();
    }
    assert.deepEqual(unmountedDrive(join(drive, "Slooh"), tables), {
      mountPoint: drive,
      why: `${fstab} lists it`,
    });
    await Deno.remove(dir, { recursive: true });
  },
});
