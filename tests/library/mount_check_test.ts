/** The check that a new library's drive is mounted: fstab read, and a real mount (as root). */
import assert from "node:assert/strict";
import { join } from "node:path";
import { deepestHolding, fstabMountPoints, unmountedDrive } from "../../src/library/mount_check.ts";
import { tempDir } from "../helpers.ts";

const FSTAB = `# /etc/fstab: static file system information.
UUID=1b2c  /               ext4    errors=remount-ro 0 1
UUID=9f0e  none            swap    sw              0 0
//nas/photos /mnt/nas\\040share/ cifs  credentials=/root/.nas,noauto 0 0
/dev/sdb1\t/media/usb\texfat\tnoauto,user\t0 0   # the USB disk
/dev/sdb2  //media/usb/deep ext4    noauto          0 0
/srv/data  /home/me/data   none    bind            0 0
`;

Deno.test("fstab's mount points are read normalised, escapes decoded; not the root, swap, binds or comments", () => {
  assert.deepEqual(fstabMountPoints(FSTAB), ["/mnt/nas share", "/media/usb", "/media/usb/deep"]);
});

Deno.test("the deepest mount point holding the library decides, by whole folder names", () => {
  const points = fstabMountPoints(FSTAB);
  assert.equal(deepestHolding("/mnt/nas share/Slooh", points), "/mnt/nas share");
  assert.equal(deepestHolding("/mnt/nas share", points), "/mnt/nas share");
  // A sibling whose name merely starts the same is not on the drive.
  assert.equal(deepestHolding("/mnt/nas shared/Slooh", points), null);
  assert.equal(deepestHolding("/home/me/Pictures/Slooh", points), null);
  assert.equal(deepestHolding("/media/usb/deep/Slooh", points), "/media/usb/deep");
  assert.equal(deepestHolding("/media/usb/Slooh", points), "/media/usb");
});

/** Small tmpfs mounts need root; elsewhere this test is reported as ignored. */
const root = Deno.build.os === "linux" && Deno.uid() === 0;

Deno.test({
  name: "a drive is told mounted by its device, and found missing once unmounted",
  ignore: !root,
  fn: async () => {
    const dir = await tempDir();
    const drive = join(dir, "my drive");
    await Deno.mkdir(drive);
    const fstab = join(dir, "fstab");
    await Deno.writeTextFile(fstab, `tmpfs ${drive.replaceAll(" ", "\\040")} tmpfs noauto 0 0\n`);
    const mount = await new Deno.Command("mount", {
      args: ["-t", "tmpfs", "-o", "size=64k", "tmpfs", drive],
    }).output();
    assert.ok(mount.success, new TextDecoder().decode(mount.stderr));
    try {
      try {
        assert.equal(unmountedDrive(join(drive, "Slooh"), { fstab }), null);
        // A fresh, empty drive may be the library itself.
        assert.equal(unmountedDrive(drive, { fstab }), null);
      } finally {
        await new Deno.Command("umount", { args: [drive] }).output();
      }
      assert.deepEqual(unmountedDrive(join(drive, "Slooh"), { fstab }), {
        mountPoint: drive,
        why: `${fstab} lists it`,
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
